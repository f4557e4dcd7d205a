/*
 * xalloc: allocation that cannot fail.  keepalived exits with status 204
 * (KEEPALIVED_EXIT_NO_MEMORY) when memory runs out; so do we.
 */
#ifndef VIGIL_XALLOC_H
#define VIGIL_XALLOC_H

#include <stddef.h>

#define XALLOC_EXIT_NO_MEMORY	204

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* realloc an array of nmemb * size, checking the multiplication. */
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);

#endif
