package dev.kreach.rules.last;

/** The argument text of a one-argument call as the graph keeps it: {@code inode} of {@code iput(inode)}. */
final class CallText {
    private CallText() {
    }

    static String argument(String call) {
        int open = call.indexOf('(');
        int close = call.lastIndexOf(')');
        return open < 0 || close < open ? "" : call.substring(open + 1, close).strip();
    }
}
