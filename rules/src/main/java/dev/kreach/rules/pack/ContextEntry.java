package dev.kreach.rules.pack;

/** Where a context starts, in terms the front end knows: never one kernel version's private helper names. */
public sealed interface ContextEntry {

    /**
     * Whether the context runs on a kernel thread, which has no user address space: a work item's function runs on
     * a kworker, a {@link Thread} is one.
     */
    default boolean runsOnKernelThread() {
        return false;
    }

    /** Every function bound to an ops-struct field, e.g. {@code address_space_operations.writepages}. */
    record Field(String struct, String field) implements ContextEntry {
        @Override
        public String toString() {
            return struct + "." + field;
        }
    }

    /** Every work function registered on a struct's work item, e.g. {@code ceph_connection.work}. */
    record Work(String struct, String field) implements ContextEntry {
        @Override
        public boolean runsOnKernelThread() {
            return true;
        }

        @Override
        public String toString() {
            return "work " + struct + "." + field;
        }
    }

    /** A named function. */
    record Function(String name) implements ContextEntry {
        @Override
        public String toString() {
            return name + "()";
        }
    }

    /** A kernel thread's main function, the one passed to {@code kthread_create()} or {@code kthread_run()}. */
    record Thread(String name) implements ContextEntry {
        @Override
        public boolean runsOnKernelThread() {
            return true;
        }

        @Override
        public String toString() {
            return name + "()";
        }
    }
}
