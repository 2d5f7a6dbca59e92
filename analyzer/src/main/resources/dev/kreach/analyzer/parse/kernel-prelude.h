/*
 * kreach fast-mode prelude, written for kreach (not taken from the kernel).
 *
 * Fast mode parses each .c file without its headers. Most kernel macros then look like ordinary calls and parse
 * fine, but some kinds do not: macros that take a type, loop macros followed by a body, macros that declare
 * things at file scope, and annotations. This file gives each such macro a definition with the same shape in C,
 * so that function bodies parse and the calls inside the macro arguments stay visible. Definitions never call
 * anything the real macro would not: a call-graph edge must come from the source, not from this file.
 */

/* ---- configuration: IS_ENABLED() and friends on symbols defined as 1 (y) or NAME_MODULE 1 (m) ---- */
#define __kreach_placeholder_1 0,
#define __kreach_second(ignored, value, ...) value
#define __kreach_defined(x) __kreach_defined2(__kreach_placeholder_##x)
#define __kreach_defined2(arg) __kreach_second(arg 1, 0)
#define __kreach_is_defined(x) __kreach_defined(x)
#define IS_BUILTIN(option) __kreach_is_defined(option)
#define IS_MODULE(option) __kreach_is_defined(option##_MODULE)
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))
#define IS_REACHABLE(option) IS_ENABLED(option)

/*
 * ---- scalar typedefs as macros: without headers, (u32)(x) would parse as a call of u32. A macro file keeps only
 * macros, so the kernel's integer typedefs are spelled as the types they name (widths do not matter here).
 */
#define u8 unsigned char
#define u16 unsigned short
#define u32 unsigned int
#define u64 unsigned long long
#define s8 signed char
#define s16 short
#define s32 int
#define s64 long long
#define __u8 unsigned char
#define __u16 unsigned short
#define __u32 unsigned int
#define __u64 unsigned long long
#define __s8 signed char
#define __s16 short
#define __s32 int
#define __s64 long long
#define __le16 unsigned short
#define __le32 unsigned int
#define __le64 unsigned long long
#define __be16 unsigned short
#define __be32 unsigned int
#define __be64 unsigned long long
#define size_t unsigned long
#define ssize_t long
#define loff_t long long
#define pgoff_t unsigned long
#define sector_t unsigned long long
#define blkcnt_t unsigned long long
#define umode_t unsigned short
#define gfp_t unsigned int
#define uintptr_t unsigned long
#define bool _Bool

/* ---- annotations: attributes, sparse address spaces and lock annotations carry no calls ---- */
#define __init
#define __exit
#define __initdata
#define __exitdata
#define __read_mostly
#define __ro_after_init
#define __always_inline inline
#define noinline
#define __noinline
#define noinline_for_stack
#define __maybe_unused
#define __always_unused
#define __used
#define __unused
#define __cold
#define __hot
#define __pure
#define __weak
#define __must_check
#define __malloc
#define __packed
#define __aligned(x)
#define __attribute_const__
#define __printf(a, b)
#define __scanf(a, b)
#define __nonstring
#define __counted_by(member)
#define __counted_by_le(member)
#define __counted_by_be(member)
#define __randomize_layout
#define __no_randomize_layout
#define __designated_init
#define __cacheline_aligned
#define __cacheline_aligned_in_smp
#define ____cacheline_aligned
#define ____cacheline_aligned_in_smp
#define __visible
#define __noreturn
#define __fallthrough
#define fallthrough do {} while (0)
#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __force
#define __safe
#define __nocast
#define __bitwise
#define __private
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x) (void)0
#define __release(x) (void)0
#define __cond_lock(x, c) (c)
#define __free(f)
#define __cleanup(f)
#define __guarded_by(x)
#define __pt_guarded_by(x)
#define __section(s)
#define __alias(s)
#define __ALIGN_KERNEL(x, a) (x)
#define likely(x) (x)
#define unlikely(x) (x)
#define __builtin_expect(x, v) (x)
#define asmlinkage
#define __diag_push()
#define __diag_pop()
#define __diag_ignore(...)
#define __diag_ignore_all(...)

/* ---- type-taking expression macros: a cast keeps the resulting type visible to field-call resolution ---- */
#define container_of(ptr, type, member) ((type *)(ptr))
#define container_of_const(ptr, type, member) ((type *)(ptr))
#define rb_entry(ptr, type, member) ((type *)(ptr))
#define rb_entry_safe(ptr, type, member) ((type *)(ptr))
#define list_entry(ptr, type, member) ((type *)(ptr))
#define list_first_entry(ptr, type, member) ((type *)(ptr))
#define list_last_entry(ptr, type, member) ((type *)(ptr))
#define list_first_entry_or_null(ptr, type, member) ((type *)(ptr))
#define list_last_entry_or_null(ptr, type, member) ((type *)(ptr))
#define list_entry_rcu(ptr, type, member) ((type *)(ptr))
#define list_first_or_null_rcu(ptr, type, member) ((type *)(ptr))
#define list_next_or_null_rcu(head, ptr, type, member) ((type *)(ptr))
#define list_next_entry(pos, member) (pos)
#define list_prev_entry(pos, member) (pos)
#define list_next_entry_circular(pos, head, member) (pos)
#define hlist_entry(ptr, type, member) ((type *)(ptr))
#define hlist_entry_safe(ptr, type, member) ((type *)(ptr))
#define llist_entry(ptr, type, member) ((type *)(ptr))
#define rb_first_entry(root, type, member) ((type *)(root))
#define xa_entry(xa, node, offset) (node)
#define offsetof(type, member) ((unsigned long)0)
#define offsetofend(type, member) ((unsigned long)0)
#define sizeof_field(type, member) ((unsigned long)0)
#define typeof_member(type, member) int
#define struct_size(p, member, count) ((unsigned long)(count))
#define struct_size_t(type, member, count) ((unsigned long)(count))
#define flex_array_size(p, member, count) ((unsigned long)(count))
#define array_size(a, b) ((a) * (b))
#define min_t(type, x, y) ((type)((x) < (y) ? (x) : (y)))
#define max_t(type, x, y) ((type)((x) > (y) ? (x) : (y)))
#define clamp_t(type, v, lo, hi) ((type)(v))
#define clamp_val(v, lo, hi) (v)
#define min(x, y) ((x) < (y) ? (x) : (y))
#define max(x, y) ((x) > (y) ? (x) : (y))
#define min3(x, y, z) min(min(x, y), z)
#define max3(x, y, z) max(max(x, y), z)
#define umin(x, y) min(x, y)
#define umax(x, y) max(x, y)
#define clamp(v, lo, hi) (v)
#define swap(a, b) do { (void)(a); (void)(b); } while (0)
#define typecheck(type, x) (1)
#define BUILD_BUG_ON(cond) do { } while (0)
#define BUILD_BUG_ON_MSG(cond, msg) do { } while (0)
#define BUILD_BUG_ON_ZERO(cond) 0
#define static_assert(...)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, v) ((x) = (v))
#define data_race(x) (x)
#define smp_load_acquire(p) (*(p))
#define smp_store_release(p, v) ((*(p)) = (v))
#define rcu_dereference(p) (p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_dereference_raw(p) (p)
#define rcu_dereference_check(p, c) (p)
#define rcu_access_pointer(p) (p)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define rcu_replace_pointer(p, v, c) (p)
#define kmalloc_obj(x, gfp) kmalloc(sizeof(x), gfp)
#define kmem_cache_zalloc(c, gfp) kmem_cache_alloc(c, gfp)
#define KMEM_CACHE(s, flags) kmem_cache_create(#s, sizeof(struct s), 0, flags, 0)
#define __stringify(x) #x
#define va_arg(ap, type) ((type)0)
#define __builtin_va_arg(ap, type) ((type)0)
#define __typeof__(x) int
#define typeof(x) int
#define __auto_type int
#define _Generic(...) 0
#define __same_type(a, b) 1
#define __must_be_array(a) 0
#define sizeof_member(type, member) 0
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define round_up(x, y) (x)
#define round_down(x, y) (x)
#define ALIGN(x, a) (x)
#define ALIGN_DOWN(x, a) (x)
#define PTR_ALIGN(p, a) (p)
#define IS_ALIGNED(x, a) (1)
#define do_div(n, base) ((n) = (n) / (base))
#define div_u64(n, d) ((n) / (d))
#define ERR_CAST(p) ((void *)(p))

/* ---- loop macros: a for statement whose header still evaluates the arguments that are expressions ---- */
#define list_for_each(pos, head) for ((void)(head), pos = 0; pos; )
#define list_for_each_safe(pos, n, head) for ((void)(head), pos = 0, n = 0; pos; )
#define list_for_each_prev(pos, head) for ((void)(head), pos = 0; pos; )
#define list_for_each_entry(pos, head, member) for ((void)(head), pos = 0; pos; )
#define list_for_each_entry_reverse(pos, head, member) for ((void)(head), pos = 0; pos; )
#define list_for_each_entry_continue(pos, head, member) for ((void)(head); pos; )
#define list_for_each_entry_from(pos, head, member) for ((void)(head); pos; )
#define list_for_each_entry_safe(pos, n, head, member) for ((void)(head), pos = 0, n = 0; pos; )
#define list_for_each_entry_safe_reverse(pos, n, head, member) for ((void)(head), pos = 0, n = 0; pos; )
#define list_for_each_entry_safe_continue(pos, n, head, member) for ((void)(head), n = 0; pos; )
#define list_for_each_entry_safe_from(pos, n, head, member) for ((void)(head), n = 0; pos; )
#define list_for_each_entry_rcu(pos, head, member, ...) for ((void)(head), pos = 0; pos; )
#define list_for_each_entry_srcu(pos, head, member, cond) for ((void)(head), pos = 0; pos; )
#define hlist_for_each(pos, head) for ((void)(head), pos = 0; pos; )
#define hlist_for_each_safe(pos, n, head) for ((void)(head), pos = 0, n = 0; pos; )
#define hlist_for_each_entry(pos, head, member) for ((void)(head), pos = 0; pos; )
#define hlist_for_each_entry_safe(pos, n, head, member) for ((void)(head), pos = 0, n = 0; pos; )
#define hlist_for_each_entry_rcu(pos, head, member, ...) for ((void)(head), pos = 0; pos; )
#define hash_for_each_possible_rcu(table, obj, member, key, ...) for ((void)(table), (void)(key), obj = 0; obj; )
#define hash_for_each_rcu(table, bkt, obj, member) for ((void)(table), bkt = 0, obj = 0; obj; )
#define hash_for_each(table, bkt, obj, member) for ((void)(table), bkt = 0, obj = 0; obj; )
#define hash_for_each_safe(table, bkt, tmp, obj, member) for ((void)(table), bkt = 0, obj = 0; obj; )
#define hash_for_each_possible(table, obj, member, key) for ((void)(table), (void)(key), obj = 0; obj; )
#define rbtree_postorder_for_each_entry_safe(pos, n, root, member) for ((void)(root), pos = 0, n = 0; pos; )
#define llist_for_each_entry(pos, node, member) for ((void)(node), pos = 0; pos; )
#define llist_for_each_entry_safe(pos, n, node, member) for ((void)(node), pos = 0, n = 0; pos; )
#define xa_for_each(xa, index, entry) for ((void)(xa), entry = 0; entry; )
#define xa_for_each_range(xa, index, entry, start, last) for ((void)(xa), entry = 0; entry; )
#define xas_for_each(xas, entry, max) for ((void)(xas), entry = 0; entry; )
#define idr_for_each_entry(idr, entry, id) for ((void)(idr), entry = 0; entry; )
#define for_each_possible_cpu(cpu) for (cpu = 0; cpu < 1; cpu++)
#define for_each_online_cpu(cpu) for (cpu = 0; cpu < 1; cpu++)
#define for_each_cpu(cpu, mask) for ((void)(mask), cpu = 0; cpu < 1; cpu++)
#define for_each_set_bit(bit, addr, size) for ((void)(addr), bit = 0; bit < (size); bit++)
#define for_each_clear_bit(bit, addr, size) for ((void)(addr), bit = 0; bit < (size); bit++)
#define for_each_sg(sglist, sg, nr, i) for ((void)(sglist), sg = 0, i = 0; i < (nr); i++)
#define for_each_node(node) for (node = 0; node < 1; node++)
#define for_each_online_node(node) for (node = 0; node < 1; node++)
#define for_each_file_lock(lock, list) for ((void)(list), lock = 0; lock; )
#define bio_for_each_segment(bvl, bio, iter) for ((void)(bio); ; )
#define bio_for_each_segment_all(bvl, bio, iter) for ((void)(bio); ; )
#define bio_for_each_folio_all(fi, bio) for ((void)(bio); ; )
#define folio_batch_for_each(...) for (;;)
#define wait_event(wq, cond) do { (void)(wq); (void)(cond); } while (0)
#define wait_event_interruptible(wq, cond) ((void)(wq), (void)(cond), 0)
#define wait_event_killable(wq, cond) ((void)(wq), (void)(cond), 0)
#define wait_event_timeout(wq, cond, t) ((void)(wq), (void)(cond), (t))
#define wait_event_interruptible_timeout(wq, cond, t) ((void)(wq), (void)(cond), (t))
#define wait_event_killable_timeout(wq, cond, t) ((void)(wq), (void)(cond), (t))
#define wait_event_idle(wq, cond) do { (void)(wq); (void)(cond); } while (0)
#define wait_on_bit(word, bit, mode) 0
#define ___wait_event(...) 0

/* ---- declaration macros at file scope ---- */
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_ALIAS(x)
#define MODULE_ALIAS_FS(x)
#define MODULE_SOFTDEP(x)
#define MODULE_IMPORT_NS(x)
#define MODULE_PARM_DESC(name, desc)
#define MODULE_VERSION(x)
#define MODULE_FIRMWARE(x)
#define MODULE_DEVICE_TABLE(type, name)
#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define module_param_cb(name, ops, arg, perm)
#define module_param_string(name, string, len, perm)
#define module_param_array(name, type, nump, perm)
#define module_init(fn)
#define module_exit(fn)
#define late_initcall(fn)
#define subsys_initcall(fn)
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS(sym, ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define EXPORT_TRACEPOINT_SYMBOL(sym)
#define EXPORT_TRACEPOINT_SYMBOL_GPL(sym)
#define ALLOW_ERROR_INJECTION(fn, type)
#define DEFINE_MUTEX(name) struct mutex name
#define DEFINE_SPINLOCK(name) spinlock_t name
#define DEFINE_RWLOCK(name) rwlock_t name
#define DEFINE_IDA(name) struct ida name
#define DEFINE_IDR(name) struct idr name
#define DEFINE_XARRAY(name) struct xarray name
#define DEFINE_STATIC_KEY_FALSE(name) struct static_key_false name
#define DEFINE_PER_CPU(type, name) type name
#define DECLARE_PER_CPU(type, name) extern type name
#define DEFINE_SEMAPHORE(name, n) struct semaphore name
#define DECLARE_RWSEM(name) struct rw_semaphore name
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name
#define DECLARE_WAITQUEUE(name, tsk) wait_queue_entry_t name
#define DEFINE_WAIT(name) struct wait_queue_entry name
#define DEFINE_WAIT_FUNC(name, fn) struct wait_queue_entry name = { .func = fn }
#define DECLARE_COMPLETION_ONSTACK(name) struct completion name
#define DECLARE_BITMAP(name, bits) unsigned long name[1]
#define DECLARE_HASHTABLE(name, bits) struct hlist_head name[1]
#define DEFINE_HASHTABLE(name, bits) struct hlist_head name[1]
#define LIST_HEAD(name) struct list_head name
#define HLIST_HEAD(name) struct hlist_head name
#define LLIST_HEAD(name) struct llist_head name
#define DECLARE_WORK(name, fn) struct work_struct name = { .func = fn }
#define DECLARE_DELAYED_WORK(name, fn) struct delayed_work name = { .work = { .func = fn } }
#define DEFINE_SHOW_ATTRIBUTE(name) \
    static const struct file_operations name##_fops = { .open = name##_open, .read = seq_read }
#define DEFINE_SHOW_STORE_ATTRIBUTE(name) \
    static const struct file_operations name##_fops = { .open = name##_open, .write = name##_write }
#define DEFINE_SIMPLE_ATTRIBUTE(fops, get, set, fmt) \
    static const struct file_operations fops = { .read = get, .write = set }
#define DEFINE_DEBUGFS_ATTRIBUTE(fops, get, set, fmt) \
    static const struct file_operations fops = { .read = get, .write = set }
#define TRACE_EVENT(...)
#define DECLARE_EVENT_CLASS(...)
#define DEFINE_EVENT(...)
#define RB_DECLARE_CALLBACKS(...)

/*
 * DEFINE_RB_FUNCS*: each line defines static insert/erase/lookup helpers for a keyed rbtree, with no trailing
 * semicolon. The helpers call only rbtree primitives; the definitions here make the same functions, with the same
 * linkage and the same primitive calls, so callers resolve to them.
 */
#define DEFINE_RB_INSDEL_FUNCS2(name, type, keyfld, cmpexp, keyexp, nodefld) \
    static bool __insert_##name(struct rb_root *root, type *t) \
    { rb_link_node(&t->nodefld, 0, 0); rb_insert_color(&t->nodefld, root); return 1; } \
    static void insert_##name(struct rb_root *root, type *t) { if (!__insert_##name(root, t)) BUG(); } \
    static void erase_##name(struct rb_root *root, type *t) { rb_erase(&t->nodefld, root); RB_CLEAR_NODE(&t->nodefld); }
#define DEFINE_RB_LOOKUP_FUNC2(name, type, keyfld, cmpexp, keyexp, lookup_param_type, nodefld) \
    static type *lookup_##name(struct rb_root *root, lookup_param_type key) { return 0; }
#define DEFINE_RB_FUNCS2(name, type, keyfld, cmpexp, keyexp, lookup_param_type, nodefld) \
    DEFINE_RB_INSDEL_FUNCS2(name, type, keyfld, cmpexp, keyexp, nodefld) \
    DEFINE_RB_LOOKUP_FUNC2(name, type, keyfld, cmpexp, keyexp, lookup_param_type, nodefld)
#define DEFINE_RB_INSDEL_FUNCS(name, type, keyfld, nodefld) \
    DEFINE_RB_INSDEL_FUNCS2(name, type, keyfld, 0, 0, nodefld)
#define DEFINE_RB_LOOKUP_FUNC(name, type, keyfld, nodefld) \
    DEFINE_RB_LOOKUP_FUNC2(name, type, keyfld, 0, 0, unsigned long, nodefld)
#define DEFINE_RB_FUNCS(name, type, keyfld, nodefld) \
    DEFINE_RB_INSDEL_FUNCS(name, type, keyfld, nodefld) \
    DEFINE_RB_LOOKUP_FUNC(name, type, keyfld, nodefld)

/* WRAP_DIR_ITER(x) (fs.h) defines shared_x(), which runs the iterator x under the directory lock. */
#define WRAP_DIR_ITER(x) \
    static int shared_##x(struct file *file, struct dir_context *ctx) { return wrap_directory_iterator(file, ctx, x); }

/* X-macro lists expand to case labels and enum entries, which call nothing. */
#define __CEPH_FORALL_OSD_OPS(f)

/* printk levels and the module name are string literals pasted onto a format string. */
#define KERN_EMERG ""
#define KERN_ALERT ""
#define KERN_CRIT ""
#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_NOTICE ""
#define KERN_INFO ""
#define KERN_DEBUG ""
#define KERN_DEFAULT ""
#define KERN_CONT ""
#define KBUILD_MODNAME "kreach"
#define KBUILD_BASENAME "kreach"
#define pr_fmt(fmt) fmt

/* ---- scoped guards (cleanup.h) ---- */
#define guard(name) (void)
#define scoped_guard(name, ...) for ((void)(__VA_ARGS__);;)
#define DEFINE_FREE(...)
#define DEFINE_GUARD(...)
#define no_free_ptr(p) (p)
#define return_ptr(p) return (p)
