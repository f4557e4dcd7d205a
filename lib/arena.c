/*
 * arena: chunked bump allocator.  Large requests get a chunk of their own
 * so that a 10 MB configuration line does not waste a 10 MB chunk tail.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define ARENA_CHUNK	(64 * 1024)
#define ARENA_ALIGN	(_Alignof(max_align_t))

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, size;
	_Alignas(max_align_t) unsigned char data[];
};

static struct arena_chunk *
arena_chunk_new(size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);

	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

/* n bytes at an offset aligned to align (a power of two), zeroed. */
static void *
arena_alloc_align(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t off = 0;
	void *p;

	if (n == 0)
		n = 1;
	if (c != NULL)
		off = (c->used + align - 1) & ~(align - 1);
	if (c == NULL || off > c->size || c->size - off < n) {
		if (n > ARENA_CHUNK / 4) {
			/* Own chunk, linked behind the current one. */
			c = arena_chunk_new(n);
			if (a->head != NULL) {
				c->next = a->head->next;
				a->head->next = c;
			} else
				a->head = c;
		} else {
			c = arena_chunk_new(ARENA_CHUNK);
			c->next = a->head;
			a->head = c;
		}
		off = 0;
	}
	p = c->data + off;
	c->used = off + n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return arena_alloc_align(a, n, ARENA_ALIGN);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* Strings need no alignment: pack them. */
	char *p = arena_alloc_align(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = arena_alloc_align(a, (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}
