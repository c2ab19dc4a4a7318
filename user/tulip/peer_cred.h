/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Who is at the other end of a connected UNIX socket, and may they use
 * it: the control socket and the legacy NICs' vfio-user sockets check
 * their peers the same way (SO_PEERCRED, SO_PEERGROUPS). struct ucred
 * needs _GNU_SOURCE before the first system header.
 */
#ifndef VSW_PEER_CRED_H
#define VSW_PEER_CRED_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

/* The peer's pid, uid and gid as they were when it connected. 0 or -errno. */
int peer_cred(int fd, struct ucred *cred);

/* Is the peer in group, as its primary or a supplementary group (the
 * groups it had when it connected)? group (gid_t)-1: nobody is. */
bool peer_in_group(int fd, const struct ucred *cred, gid_t group);

/* Root, uid owner, or a member of group ((uid_t)-1, (gid_t)-1: none). */
bool peer_allowed(int fd, const struct ucred *cred, uid_t owner, gid_t group);

#endif /* VSW_PEER_CRED_H */
