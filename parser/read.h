/*
 * read: keepalived.conf text to logical lines.
 *
 * This is keepalived's read_line() layer: it follows include (and its
 * strict variants) with globs and relative paths, drops comments (! and #
 * outside double quotes), applies @ID / @^ID conditional lines, $NAME
 * definitions and ~SEQ / ~LST expansion.  What comes out is a flat array
 * of lines, each with the file and line number it came from; the lexer
 * and engine never see a comment, an include or a definition.
 */
#ifndef VIGIL_READ_H
#define VIGIL_READ_H

#include <stddef.h>

#include "engine.h"

struct cfg_line {
	char		*text;		/* leading/trailing blanks removed */
	const char	*file;
	unsigned	 line;
};

struct cfg_src {
	struct cfg_line	*v;
	size_t		 n, cap;
};

/* Append the lines of the file at path (a glob; keepalived uses the first
 * match).  Returns 0, or -1 when the main file is unusable (reported,
 * and the result marked no_config). */
int	cfg_read_file(struct cfg_parse *, const char *path, struct cfg_src *);
/* Append the lines of text, named name in diagnostics. */
int	cfg_read_string(struct cfg_parse *, const char *text,
	    const char *name, struct cfg_src *);
void	cfg_src_free(struct cfg_src *);

/* Scratch arena of the parse: freed when the parse ends. */
struct arena	*cfg_tmp(struct cfg_parse *);
/* Mark the parse as having no usable configuration (exit 6). */
void		 cfg_set_no_config(struct cfg_parse *);
/* Record that a strict include failed (keepalived exits 6). */
void		 cfg_set_config_file_error(struct cfg_parse *);

#endif
