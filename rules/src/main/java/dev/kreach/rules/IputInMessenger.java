package dev.kreach.rules;

/** An {@code iput()} reachable from the Ceph messenger, which must keep delivering the replies eviction waits for. */
@KreachRule(
        id = "kreach/iput-in-messenger",
        name = "IputInMessenger",
        summary = "iput() reachable from the Ceph messenger may drop the last inode reference and deadlock.",
        description = "An iput() that drops the last reference to an inode evicts it, and ceph_evict_inode() waits "
                + "in netfs_wait_for_outstanding_io() for the inode's outstanding I/O. Those requests complete "
                + "only when the messenger delivers their replies: an eviction on the messenger's own worker "
                + "(ceph_con_workfn, dispatching OSD and MDS replies) blocks the thread it waits on.",
        message = "{sink}() may drop the last inode reference in the Ceph messenger",
        helpMarkdown = "iput-in-messenger.md",
        tags = {"correctness", "deadlock", "concurrency", "linux-kernel", "ceph"},
        precision = Precision.HIGH)
public final class IputInMessenger {
    private IputInMessenger() {
    }
}
