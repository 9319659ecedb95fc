#ifndef DOM0TUNED_CSYSTEMD_SHIM_H
#define DOM0TUNED_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#endif
