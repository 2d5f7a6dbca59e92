package dev.kreach.rules.pack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /** Several packs' reference calls, each list in first-seen order without repeats. */
    static final class Merger {
        private final List<Set<String>> lists = new ArrayList<>();

        Merger() {
            for (int i = 0; i < 9; i++) {
                lists.add(new LinkedHashSet<>());
            }
        }

        void add(ReferenceCalls more) {
            List<List<String>> theirs = more.lists();
            for (int i = 0; i < theirs.size(); i++) {
                lists.get(i).addAll(theirs.get(i));
            }
        }

        ReferenceCalls calls() {
            List<List<String>> l = lists.stream().map(s -> (List<String>) List.copyOf(s)).toList();
            return new ReferenceCalls(l.get(0), l.get(1), l.get(2), l.get(3), l.get(4), l.get(5), l.get(6), l.get(7),
                    l.get(8));
        }
    }

    /** The nine lists in the order of the record's components, which {@link Merger} relies on. */
    private List<List<String>> lists() {
        return List.of(balancedBy, referencedBy, notLastPuts, allocatedBy, publishedBy, insertedOrFoundBy,
                handedOffBy, movedOutBy, inspectedBy);
    }
}
