package dev.kreach.rules.last;

import dev.kreach.analyzer.body.Words;
import java.util.HashSet;
import java.util.Set;

/**
 * What a file's text says about where it puts new inodes, read without parsing: the names it assigns an
 * allocator's result to ({@code inode = new_inode(}, {@code req->r_new_inode = ceph_new_inode(}), so that only a
 * file that can store one into a field ({@code ->field = new_inode(...)} or {@code ->field = inode;}) is read again.
 * A store this misses (through a macro, split over a cast) only costs a verdict, never makes one.
 */
final class AllocationText {
    private final String text;
    /** The names assigned an allocator's result. */
    private final Set<String> allocated;

    AllocationText(String text, Set<String> allocators) {
        this.text = text;
        this.allocated = allocatedNames(text, allocators);
    }

    String text() {
        return text;
    }

    /** Whether the text may store an allocation into {@code field}: directly, or through a name assigned one. */
    boolean mayStoreAllocation(String field) {
        if (!text.contains(field)) {
            return false;
        }
        if (allocated.contains(field)) {
            return true;
        }
        for (int at = text.indexOf(field); at >= 0; at = text.indexOf(field, at + 1)) {
            int before = skipSpaceBack(at - 1);
            int after = at + field.length();
            if (before < 0 || (text.charAt(before) != '.' && text.charAt(before) != '>')
                    || (after < text.length() && Words.identifier(text.charAt(after)))) {
                continue;
            }
            int eq = skipSpace(after);
            if (eq >= text.length() || text.charAt(eq) != '=' || (eq + 1 < text.length() && text.charAt(eq + 1) == '=')) {
                continue;
            }
            int start = skipSpace(eq + 1);
            int end = start;
            while (end < text.length() && Words.identifier(text.charAt(end))) {
                end++;
            }
            if (end > start && allocated.contains(text.substring(start, end))) {
                return true;
            }
        }
        return false;
    }

    /** The identifiers right before {@code =} where an allocator's call follows it. */
    private static Set<String> allocatedNames(String text, Set<String> allocators) {
        Set<String> names = new HashSet<>();
        for (String allocator : allocators) {
            for (int at = text.indexOf(allocator); at >= 0; at = text.indexOf(allocator, at + 1)) {
                int after = at + allocator.length();
                if ((at > 0 && Words.identifier(text.charAt(at - 1))) || (after < text.length() && Words.identifier(text.charAt(after)))) {
                    continue;
                }
                int paren = after;
                while (paren < text.length() && Character.isWhitespace(text.charAt(paren))) {
                    paren++;
                }
                int eq = at - 1;
                while (eq >= 0 && Character.isWhitespace(text.charAt(eq))) {
                    eq--;
                }
                if (paren >= text.length() || text.charAt(paren) != '(' || eq < 1 || text.charAt(eq) != '='
                        || "=!<>".indexOf(text.charAt(eq - 1)) >= 0) {
                    continue;
                }
                int end = eq - 1;
                while (end >= 0 && Character.isWhitespace(text.charAt(end))) {
                    end--;
                }
                int start = end;
                while (start >= 0 && Words.identifier(text.charAt(start))) {
                    start--;
                }
                if (end > start) {
                    names.add(text.substring(start + 1, end + 1));
                }
            }
        }
        return names;
    }

    private int skipSpace(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipSpaceBack(int from) {
        int i = from;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i;
    }
}
