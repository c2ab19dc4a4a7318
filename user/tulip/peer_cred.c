// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include "peer_cred.h"

int peer_cred(int fd, struct ucred *cred)
{
	socklen_t len = sizeof(*cred);

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len) ? -errno : 0;
}

bool peer_in_group(int fd, const struct ucred *cred, gid_t group)
{
	gid_t groups[256];
	socklen_t len = sizeof(groups);

	if (group == (gid_t)-1)
		return false;
	if (cred->gid == group)
		return true;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len))
		return false; /* more than 256 groups: the primary group only */
	for (size_t i = 0; i < len / sizeof(gid_t); i++)
		if (groups[i] == group)
			return true;
	return false;
}

bool peer_allowed(int fd, const struct ucred *cred, uid_t owner, gid_t group)
{
	return cred->uid == 0 || (owner != (uid_t)-1 && cred->uid == owner) ||
	       peer_in_group(fd, cred, group);
}
