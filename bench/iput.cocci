// Every iput() call, one "file:line" a line: what Coccinelle can say about the deadlock class on its own
// (a match inside one function; it cannot follow the call chain to a writeback or messenger entry point).
@r@
expression E;
position p;
@@
iput@p(E)

@script:python@
p << r.p;
@@
print("%s:%s" % (p[0].file, p[0].line))
