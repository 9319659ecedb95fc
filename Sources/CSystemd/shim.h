#ifndef DOM0TUNED_CSYSTEMD_SHIM_H
#define DOM0TUNED_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
/* Swift's Glibc module lacks epoll; the memory watch's PSI trigger needs it, and
   fstatfs to make sure it writes only to procfs. */
#include <sys/epoll.h>
#include <sys/vfs.h>
#endif
