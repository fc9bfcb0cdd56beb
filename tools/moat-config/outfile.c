// SPDX-License-Identifier: MIT
#include "outfile.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

FILE *outfile_open(struct outfile_set *set, const char *name)
{
	size_t i = set->count;
	int a, b;
	FILE *f;

	if (i == OUTFILE_MAX) {
		errno = EMFILE;
		return NULL;
	}
	a = snprintf(set->final[i], PATH_MAX, "%s/%s", set->dir, name);
	b = snprintf(set->tmp[i], PATH_MAX, "%s/%s.tmp", set->dir, name);
	if (a < 0 || b < 0 || a >= PATH_MAX || b >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	f = fopen(set->tmp[i], "wb");
	if (f)
		set->count++;
	return f;
}

bool outfile_close(FILE *f)
{
	bool ok = !ferror(f);

	return fclose(f) == 0 && ok;
}

bool outfile_commit(struct outfile_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		if (rename(set->tmp[i], set->final[i]) != 0)
			return false;
		set->tmp[i][0] = '\0';
	}
	return true;
}

void outfile_abort(struct outfile_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		if (set->tmp[i][0])
			unlink(set->tmp[i]);
	}
}
