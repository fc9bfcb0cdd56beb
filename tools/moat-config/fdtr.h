/* SPDX-License-Identifier: MIT */
/*
 * Reading the system DTB. Every property's length is checked before its bytes
 * are read: the DTB is untrusted input. A wrong size or shape is reported as
 * bad-value at the node's path.
 */
#ifndef MC_FDTR_H
#define MC_FDTR_H

#include "model.h"

enum fdtr {
	FDTR_ABSENT,
	FDTR_BAD, /* present, wrong shape: already reported */
	FDTR_OK,
};

/* Checks that buf holds a well-formed version-17 DTB of at most len bytes. */
bool fdtr_valid(const void *buf, size_t len);

/* The node's full path, or "<node>" when it does not fit. */
void fdtr_path(const struct mc_ctx *ctx, int node, char *buf, size_t len);

/* One cell. */
enum fdtr fdtr_u32(struct mc_ctx *ctx, int node, const char *path, const char *name,
		   uint32_t *out);

/* Two cells, most significant first. */
enum fdtr fdtr_u64(struct mc_ctx *ctx, int node, const char *path, const char *name,
		   uint64_t *out);

/* One non-empty string. */
enum fdtr fdtr_str(struct mc_ctx *ctx, int node, const char *path, const char *name,
		   const char **out);

/* A list of non-empty strings; *len counts the bytes, final NUL included. */
enum fdtr fdtr_strlist(struct mc_ctx *ctx, int node, const char *path, const char *name,
		       const char **out, uint32_t *len);

/* A property without a value. */
enum fdtr fdtr_flag(struct mc_ctx *ctx, int node, const char *path, const char *name);

/* 1..max entries of `unit` cells each; read them with fdtr_cell(). */
enum fdtr fdtr_cells(struct mc_ctx *ctx, int node, const char *path, const char *name,
		     uint32_t unit, uint32_t max, const uint8_t **cells, uint32_t *count);

/* Cell i of an array returned by fdtr_cells(). */
uint32_t fdtr_cell(const uint8_t *cells, uint32_t i);

/* Cells i and i + 1 as one 64-bit value. */
uint64_t fdtr_cell64(const uint8_t *cells, uint32_t i);

/* Reports a missing required property; true when res is FDTR_OK. */
bool fdtr_required(struct mc_ctx *ctx, const char *path, const char *name, enum fdtr res);

/* Reports every property of the node not in `known` (a NULL-terminated list). */
void fdtr_known(struct mc_ctx *ctx, int node, const char *path, const char *const *known);

#endif
