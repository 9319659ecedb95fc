#ifndef DOM0TUNED_CSYSTEMD_SHIM_H
#define DOM0TUNED_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
/* Swift's Glibc module lacks epoll; the memory watch's PSI trigger and the control
   socket's event loop need it, and fstatfs to make sure the trigger writes only to procfs. */
#include <sys/epoll.h>
#include <sys/vfs.h>
#endif
