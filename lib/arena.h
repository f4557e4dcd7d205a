/*
 * arena: a bump allocator for data that lives and dies together.
 *
 * The parser builds a whole struct conf inside one arena, so an old
 * configuration is released with a single arena_free() on reload, and
 * nothing in the model needs its own destructor.
 */
#ifndef VIGIL_ARENA_H
#define VIGIL_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
	size_t			 total;		/* bytes handed out */
};

/* Zeroed memory, aligned for any type; aborts on out-of-memory. */
void	*arena_alloc(struct arena *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
/* printf into the arena. */
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Release every chunk; the arena may be reused afterwards. */
void	 arena_free(struct arena *);

#define ARENA_NEW(a, type)	((type *)arena_alloc((a), sizeof(type)))

#endif
