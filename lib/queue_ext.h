/*
 * queue_ext: the BSD <sys/queue.h> STAILQ macros glibc lacks.
 */
#ifndef VIGIL_QUEUE_EXT_H
#define VIGIL_QUEUE_EXT_H

#include <stddef.h>
#include <sys/queue.h>

#ifndef STAILQ_LAST
#define STAILQ_LAST(head, type, field)					\
	(STAILQ_EMPTY(head) ? NULL :					\
	    (struct type *)(void *)((char *)((head)->stqh_last) -	\
	    offsetof(struct type, field)))
#endif

#ifndef STAILQ_REMOVE_AFTER
#define STAILQ_REMOVE_AFTER(head, elm, field) do {			\
	if (((elm)->field.stqe_next =					\
	    (elm)->field.stqe_next->field.stqe_next) == NULL)		\
		(head)->stqh_last = &(elm)->field.stqe_next;		\
} while (0)
#endif

#ifndef STAILQ_FOREACH_SAFE
#define STAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = STAILQ_FIRST(head);				\
	    (var) && ((tvar) = STAILQ_NEXT(var, field), 1);		\
	    (var) = (tvar))
#endif

#endif
