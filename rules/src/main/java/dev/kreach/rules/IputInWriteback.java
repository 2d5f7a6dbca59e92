package dev.kreach.rules;

/** An {@code iput()} reachable from writeback, where the final put waits for the writeback it runs in. */
@KreachRule(
        id = "kreach/iput-in-writeback",
        name = "IputInWriteback",
        summary = "iput() reachable from writeback may drop the last inode reference and deadlock.",
        description = "An iput() that drops the last reference to an inode evicts it, and eviction waits: evict() "
                + "waits in inode_wait_for_writeback() for writeback of the inode to finish. When that iput() runs "
                + "inside writeback itself (a filesystem's writepages, writepage or write_inode), it waits for the "
                + "writeback it is part of, and the flusher thread hangs.",
        message = "{sink}() may drop the last inode reference in writeback context",
        helpMarkdown = "iput-in-writeback.md",
        tags = {"correctness", "deadlock", "concurrency", "linux-kernel", "vfs"},
        precision = Precision.HIGH)
public final class IputInWriteback {
    private IputInWriteback() {
    }
}
