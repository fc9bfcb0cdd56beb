/* SPDX-License-Identifier: MIT */
/*
 * Writing a set of output files all or nothing: each goes to `<name>.tmp`
 * first; only when every one is complete are they renamed into place. A
 * failed run leaves the previous outputs as they were.
 */
#ifndef MC_OUTFILE_H
#define MC_OUTFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "model.h"

#define OUTFILE_MAX (MC_MAX_CPUS + 8)

struct outfile_set {
	const char *dir;
	char final[OUTFILE_MAX][PATH_MAX];
	char tmp[OUTFILE_MAX][PATH_MAX];
	size_t count;
};

/* Opens dir/name.tmp for writing; NULL (errno set) on failure. */
FILE *outfile_open(struct outfile_set *set, const char *name);

/* Closes a file from outfile_open(); false when anything failed to be written. */
bool outfile_close(FILE *f);

/* Renames every file into place; false (errno set) if one could not be. */
bool outfile_commit(struct outfile_set *set);

/* Removes the temporary files. */
void outfile_abort(struct outfile_set *set);

#endif
