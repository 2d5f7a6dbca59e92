package dev.kreach.rules.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.patch.LineMap;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.last.LastReference;
import dev.kreach.rules.last.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A patch's new and fixed findings are warnings: notes neither appear as new nor go away as fixed. */
class FindingDiffTest {
    private static final LastReference HELD = new LastReference(Verdict.NOT_LAST, "held-here",
            "ihold(inode) at fs/ceph/inode.c:2179 takes the reference this put drops");

    private static Finding put(String function, LastReference verdict) {
        return new Finding("kreach/iput-in-messenger", new Position("fs/ceph/inode.c", 2186, 3),
                FunctionId.external("iput"), new FunctionId(function, "fs/ceph/inode.c"), "iput(inode)",
                new FunctionId("ceph_con_workfn", "net/ceph/messenger.c"), "work ceph_connection.work", List.of(), 0, 0,
                List.of(), verdict, null);
    }

    @Test
    void aNoteTurnedIntoAWarningIsNewAndANoteThatGoesIsNotFixed() {
        Finding note = put("ceph_queue_inode_work", HELD);
        Finding warning = put("ceph_queue_inode_work", LastReference.MAY_BE_LAST);
        FindingDiff lostEvidence = FindingDiff.of(List.of(note), List.of(warning));
        assertEquals(List.of(warning), lostEvidence.introduced());
        assertEquals(List.of(), lostEvidence.fixed());

        FindingDiff madeIputNotLast = FindingDiff.of(List.of(note), List.of());
        assertEquals(List.of(), madeIputNotLast.introduced());
        assertEquals(List.of(), madeIputNotLast.fixed());

        FindingDiff fixed = FindingDiff.of(List.of(warning), List.of());
        assertEquals(List.of(warning), fixed.fixed());
    }

    private static Finding at(int line, int anchor) {
        return new Finding("kreach/iput-in-messenger", new Position("fs/ceph/addr.c", line, 2),
                FunctionId.external("iput"), new FunctionId("finish_netfs_read", "fs/ceph/addr.c"),
                "iput(req->r_inode)", new FunctionId("ceph_con_workfn", "net/ceph/messenger.c"),
                "work ceph_connection.work", List.of(), anchor, 0, List.of(), LastReference.MAY_BE_LAST, null);
    }

    /** A put whose neighbour the patch changed has a new anchor, but its own line is unchanged: not new. */
    @Test
    void aFindingOnAnUnchangedLineIsTheOneThatStoodThere() {
        Finding before = at(259, 11);
        Finding after = at(261, 12);
        FindingDiff byIdentity = FindingDiff.of(List.of(before), List.of(after));
        assertEquals(List.of(after), byIdentity.introduced());
        assertEquals(List.of(before), byIdentity.fixed());

        LineMap shiftedByTwo = (file, line) -> file.equals("fs/ceph/addr.c") && line > 100 ? line - 2 : -1;
        FindingDiff byLine = FindingDiff.of(List.of(before), List.of(after), shiftedByTwo);
        assertEquals(List.of(), byLine.introduced());
        assertEquals(List.of(), byLine.fixed());
        assertEquals(List.of(after), byLine.unchanged());

        LineMap addedLine = (file, line) -> -1;
        assertEquals(List.of(after), FindingDiff.of(List.of(before), List.of(after), addedLine).introduced(),
                "on an added or changed line it is new");
    }
}
