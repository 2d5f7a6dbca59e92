package dev.kreach.rules.pack;

/** Where a context starts, in terms the front end knows: never one kernel version's private helper names. */
public sealed interface ContextEntry {

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
        public String toString() {
            return "work " + struct + "." + field;
        }
    }

    /** A named function, such as a kernel thread's main loop. */
    record Function(String name) implements ContextEntry {
        @Override
        public String toString() {
            return name + "()";
        }
    }
}
