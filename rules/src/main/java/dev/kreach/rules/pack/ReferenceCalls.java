package dev.kreach.rules.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls a rule's last-reference reasoners read, by kernel name, from the pack: {@code balancedBy} take a
 * reference on their argument (ihold, igrab); {@code referencedBy} return a referenced inode (igrab, ilookup,
 * iget_locked); {@code notLastPuts} put a reference that is not the last (iput_not_last, iput_if_not_last), offered
 * as fixes; {@code allocatedBy} return a new inode nobody else can see yet (new_inode); {@code publishedBy} make
 * their inode argument visible to others (hash it, insert it, attach it to a dentry, give it to the page cache's
 * writers); {@code insertedOrFoundBy} hash their new inode argument and return it, or return the inode already
 * hashed under its key and leave the argument unseen (inode_insert5); {@code handedOffBy} take over a reference
 * taken for them only when they return true (queue_work: false means the work was queued already);
 * {@code movedOutBy} return what their first argument's slot held and store their second there
 * ({@code in = xchg(&req->r_new_inode, NULL)}); {@code inspectedBy} read the inode (or pointer) they are given and
 * neither keep it nor make it visible ({@code IS_ERR}, {@code IS_ENCRYPTED}).
 */
public record ReferenceCalls(List<String> balancedBy, List<String> referencedBy, List<String> notLastPuts,
        List<String> allocatedBy, List<String> publishedBy, List<String> insertedOrFoundBy, List<String> handedOffBy,
        List<String> movedOutBy, List<String> inspectedBy) {
    public static final ReferenceCalls NONE = new ReferenceCalls(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of());

    public ReferenceCalls {
        balancedBy = List.copyOf(balancedBy);
        referencedBy = List.copyOf(referencedBy);
        notLastPuts = List.copyOf(notLastPuts);
        allocatedBy = List.copyOf(allocatedBy);
        publishedBy = List.copyOf(publishedBy);
        insertedOrFoundBy = List.copyOf(insertedOrFoundBy);
        handedOffBy = List.copyOf(handedOffBy);
        movedOutBy = List.copyOf(movedOutBy);
        inspectedBy = List.copyOf(inspectedBy);
    }

    ReferenceCalls plus(ReferenceCalls more) {
        return new ReferenceCalls(union(balancedBy, more.balancedBy), union(referencedBy, more.referencedBy),
                union(notLastPuts, more.notLastPuts), union(allocatedBy, more.allocatedBy),
                union(publishedBy, more.publishedBy), union(insertedOrFoundBy, more.insertedOrFoundBy),
                union(handedOffBy, more.handedOffBy), union(movedOutBy, more.movedOutBy),
                union(inspectedBy, more.inspectedBy));
    }

    /** Both lists' members in order, each once: linear, as a generated pack may name tens of thousands. */
    static <T> List<T> union(List<T> a, List<T> b) {
        java.util.LinkedHashSet<T> out = new java.util.LinkedHashSet<>(a);
        out.addAll(b);
        return new ArrayList<>(out);
    }
}
