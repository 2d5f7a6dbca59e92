/*
 * kreach build mode: the few kernel macros whose real expansion CDT's C parser cannot read, each replaced by one
 * that means the same to a call graph. The headers' own definitions of these names are renamed as they are read
 * (__kreach_shadowed_NAME), so these stay in force for the whole translation unit. Everything else is the build's.
 */

/* asm __inline (gcc >= 9): CDT knows asm and asm volatile only. */
#define asm_inline asm
/* asm goto with outputs: CDT does not parse asm goto; the statement's calls are none of ours. */
#define asm_goto_output(x...) asm volatile(x)
/* _Generic, which CDT does not parse, picks an unqualified type: typeof gives the same fields to a call graph. */
#define __unqual_scalar_typeof(x) typeof(x)
/* _Generic again, choosing const or not. */
#define page_folio(p) ((struct folio *)_compound_head(p))
/* _Generic over const and non-const page-table descriptors. */
#define page_ptdesc(p) ((struct ptdesc *)(p))
#define ptdesc_page(pt) ((struct page *)(pt))
#define ptdesc_folio(pt) ((struct folio *)(pt))
/* _Generic over the seqcount_LOCKNAME_t types: every property has a seqcount_t version, which is what a call graph needs. */
#define __seqprop(s, prop) __seqprop_##prop
/* CDT's C parser does not know C11 _Static_assert; it checks nothing a call graph needs. */
#define _Static_assert(expr, msg)
/* _Generic over the third argument picks one of three creators; the legacy one takes the same arguments. */
#define kmem_cache_create(__name, __object_size, __args, ...) \
	__kmem_cache_create(__name, __object_size, __args, __VA_ARGS__)
