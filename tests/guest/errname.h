/*
 * errname.h: errno names for the syscall-family guest tests, and ERR(),
 * which runs a call and prints "call -> result ERRNO" so that the native
 * and the guest run must agree on each error path.
 */
#ifndef WARP_GUEST_ERRNAME_H
#define WARP_GUEST_ERRNAME_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static inline const char *errname(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
		{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
		{ EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" },
		{ ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" }, { EROFS, "EROFS" },
		{ EPIPE, "EPIPE" }, { ERANGE, "ERANGE" }, { EDEADLK, "EDEADLK" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" },
		{ ENODATA, "ENODATA" }, { EOVERFLOW, "EOVERFLOW" },
		{ ENOTSOCK, "ENOTSOCK" }, { EMSGSIZE, "EMSGSIZE" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ E2BIG, "E2BIG" }, { ECHILD, "ECHILD" }, { ENXIO, "ENXIO" },
		{ ETXTBSY, "ETXTBSY" }, { EMLINK, "EMLINK" },
		{ ENOPROTOOPT, "ENOPROTOOPT" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ ENOTCONN, "ENOTCONN" }, { EINPROGRESS, "EINPROGRESS" },
		{ EALREADY, "EALREADY" }, { ECONNRESET, "ECONNRESET" },
		{ EADDRINUSE, "EADDRINUSE" }, { EDESTADDRREQ, "EDESTADDRREQ" },
		{ EISCONN, "EISCONN" }, { ENOLCK, "ENOLCK" },
	};
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].e == e)
			return t[i].n;
	return "other";
}

#define ERR(call) do {							\
		errno = 0;						\
		long err_r_ = (long)(call);				\
		printf("%-50s -> %ld %s\n", #call,			\
		       err_r_ < 0 ? -1L : err_r_,			\
		       err_r_ < 0 ? errname(errno) : "");		\
	} while (0)

/* An address nothing is mapped at, and one in the kernel's half. */
#define BADPTR ((void *)16)
#define KPTR ((void *)0xffff800000001000ull)

#endif
