package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.FieldUse;
import dev.kreach.analyzer.facts.Guard;
import dev.kreach.analyzer.facts.Jump;
import dev.kreach.analyzer.facts.Return;
import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTConditionalExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTInitializer;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTInitializerList;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignatedInitializer;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignator;
import org.eclipse.cdt.core.dom.ast.c.ICASTFieldDesignator;

/**
 * Reads one translation unit's function bodies for the value tracer ({@link FunctionBody}): every assignment and
 * initializer whose target is an access path, and every call with its arguments' values. Only run for the files a
 * reported chain passes through, so it keeps more than {@link FactExtractor} can afford to for a whole kernel.
 */
final class BodyExtractor {
    private final String path;
    private final IASTTranslationUnit unit;
    private final SourcePositions positions;

    BodyExtractor(String path, String text, IASTTranslationUnit unit) {
        this.path = path;
        this.unit = unit;
        this.positions = new SourcePositions(path, text);
    }

    FileBodies extract() {
        Body file = new Body("");
        Map<String, FunctionBody> functions = new LinkedHashMap<>();
        for (IASTDeclaration declaration : unit.getDeclarations()) {
            if (!path.equals(declaration.getContainingFilename())) {
                // A header read for its constants: its own functions and tables are its own file's.
                continue;
            }
            if (declaration instanceof IASTFunctionDefinition definition) {
                Body body = new Body(FactExtractor.innermost(definition.getDeclarator()).getName().toString());
                body.enter(definition);
                definition.getBody().accept(body);
                functions.putIfAbsent(body.function, body.result());
            } else if (declaration instanceof IASTSimpleDeclaration simple) {
                for (IASTDeclarator declarator : simple.getDeclarators()) {
                    if (!(declarator instanceof IASTFunctionDeclarator)) {
                        file.initialized(declarator, true);
                    }
                }
            }
        }
        return new FileBodies(path, file.result(), functions);
    }

    /** One body: its parameters, its locals as their declarations go by, and what it stores and calls. */
    private final class Body extends ASTVisitor {
        final String function;
        final List<String> parameters = new ArrayList<>();
        final Set<String> locals = new HashSet<>();
        final List<Store> stores = new ArrayList<>();
        final List<BodyCall> calls = new ArrayList<>();
        final List<Return> returns = new ArrayList<>();
        /** Offsets of the body's labels: a goto may land there past an early return. */
        final List<Integer> labels = new ArrayList<>();
        final List<Jump> jumps = new ArrayList<>();
        final List<FieldUse> fieldUses = new ArrayList<>();
        /** Where each label is, and which jumps are gotos to a label by name: labels may come after their gotos. */
        final Map<String, Position> labelSites = new HashMap<>();
        final Map<Integer, String> gotoLabels = new HashMap<>();
        /** Whether the parser could not read part of the body, or a local outlives the run: see FunctionBody. */
        boolean unreadable;

        Body(String function) {
            this.function = function;
            shouldVisitDeclarations = true;
            shouldVisitExpressions = true;
            shouldVisitStatements = true;
        }

        @Override
        public int visit(IASTStatement statement) {
            jump(statement);
            if (statement instanceof IASTLabelStatement label) {
                labels.add(label.getFileLocation().getNodeOffset());
            } else if (statement instanceof org.eclipse.cdt.core.dom.ast.IASTProblemStatement) {
                unreadable = true;
            } else if (statement instanceof IASTReturnStatement ret) {
                IASTExpression value = ret.getReturnValue();
                returns.add(new Return(value == null ? Value.unknown() : value(value), guards(ret),
                        positions.of(ret)));
            }
            return PROCESS_CONTINUE;
        }

        void enter(IASTFunctionDefinition definition) {
            if (definition.getDeclarator() instanceof IASTStandardFunctionDeclarator standard) {
                for (IASTParameterDeclaration parameter : standard.getParameters()) {
                    parameters.add(FactExtractor.innermost(parameter.getDeclarator()).getName().toString());
                }
            }
        }

        FunctionBody result() {
            List<Jump> landed = new ArrayList<>(jumps);
            gotoLabels.forEach((index, label) -> landed.set(index,
                    new Jump(jumps.get(index).site(), Jump.Kind.GOTO, labelSites.get(label), jumps.get(index).guards())));
            return new FunctionBody(function, path, stores, calls, returns, !unreadable, landed, fieldUses);
        }

        /** Records {@code statement} if it leaves the straight path or joins it; a goto's landing waits for its label. */
        private void jump(IASTStatement statement) {
            Position site = positions.of(statement);
            if (statement instanceof IASTLabelStatement label) {
                labelSites.putIfAbsent(label.getName().toString(), site);
                jumps.add(new Jump(site, Jump.Kind.LABEL, null, List.of()));
            } else if (statement instanceof org.eclipse.cdt.core.dom.ast.IASTCaseStatement
                    || statement instanceof org.eclipse.cdt.core.dom.ast.IASTDefaultStatement) {
                IASTNode head = enclosing(statement, true);
                jumps.add(new Jump(site, Jump.Kind.CASE, head == null ? null : positions.of(head), List.of()));
            } else if (statement instanceof org.eclipse.cdt.core.dom.ast.IASTGotoStatement jump) {
                gotoLabels.put(jumps.size(), jump.getName().toString());
                jumps.add(new Jump(site, Jump.Kind.GOTO, null, guards(statement)));
            } else if (statement instanceof org.eclipse.cdt.core.dom.ast.IASTBreakStatement) {
                IASTNode left = enclosing(statement, false);
                jumps.add(new Jump(site, Jump.Kind.BREAK, left == null ? null : positions.end(left), guards(statement)));
            } else if (statement instanceof IASTForStatement || statement instanceof IASTWhileStatement
                    || statement instanceof org.eclipse.cdt.core.dom.ast.IASTDoStatement once && !runsOnce(once)) {
                // A for loop's initializer runs once: the loop that repeats starts at its condition (or body).
                IASTNode repeats = statement;
                if (statement instanceof IASTForStatement loop) {
                    repeats = loop.getConditionExpression() != null ? loop.getConditionExpression()
                            : loop.getIterationExpression() != null ? loop.getIterationExpression() : loop.getBody();
                }
                jumps.add(new Jump(repeats == null ? site : positions.of(repeats), Jump.Kind.LOOP,
                        positions.end(statement), guards(statement)));
            } else if (statement instanceof org.eclipse.cdt.core.dom.ast.IASTContinueStatement) {
                // In a macro's do { ... } while (0), continue goes to the test, which ends the statement.
                IASTNode loop = loopOf(statement);
                jumps.add(new Jump(site, Jump.Kind.CONTINUE, loop instanceof org.eclipse.cdt.core.dom.ast.IASTDoStatement
                        once && runsOnce(once) ? positions.end(once) : null, guards(statement)));
            }
        }

        /** The loop a {@code continue} continues; null outside one. */
        private static IASTNode loopOf(IASTNode node) {
            for (IASTNode parent = node.getParent(); parent != null && !(parent instanceof IASTFunctionDefinition);
                    parent = parent.getParent()) {
                if (parent instanceof IASTForStatement || parent instanceof IASTWhileStatement
                        || parent instanceof org.eclipse.cdt.core.dom.ast.IASTDoStatement) {
                    return parent;
                }
            }
            return null;
        }

        /**
         * Whether a {@code do} statement is the macro idiom {@code do { ... } while (0)}: its body runs once, so it
         * does not take control back to code it passed.
         */
        private static boolean runsOnce(org.eclipse.cdt.core.dom.ast.IASTDoStatement statement) {
            return statement.getCondition() instanceof IASTLiteralExpression literal
                    && literal.getKind() == IASTLiteralExpression.lk_integer_constant
                    && String.valueOf(literal.getValue()).matches("0+[uUlL]*");
        }

        /**
         * The switch a {@code case} belongs to ({@code switchOnly}), or the switch or loop a {@code break} leaves;
         * null outside one (the parser accepted code a compiler would not).
         */
        private static IASTNode enclosing(IASTNode node, boolean switchOnly) {
            for (IASTNode parent = node.getParent(); parent != null && !(parent instanceof IASTFunctionDefinition);
                    parent = parent.getParent()) {
                if (parent instanceof org.eclipse.cdt.core.dom.ast.IASTSwitchStatement
                        || !switchOnly && (parent instanceof IASTForStatement || parent instanceof IASTWhileStatement
                        || parent instanceof org.eclipse.cdt.core.dom.ast.IASTDoStatement)) {
                    return parent;
                }
            }
            return null;
        }

        /**
         * The conditions {@code node} runs under: the branches it sits in ({@code if}, {@code ?:}, the right of
         * {@code &&} and {@code ||}, a loop body), and each {@code if (c) return ...;} before it in an enclosing
         * block with no label between (a goto could land past it).
         */
        List<Guard> guards(IASTNode node) {
            List<Guard> out = new ArrayList<>();
            int offset = node.getFileLocation().getNodeOffset();
            IASTNode child = node;
            for (IASTNode parent = node.getParent(); parent != null && !(parent instanceof IASTFunctionDefinition);
                    child = parent, parent = parent.getParent()) {
                if (parent instanceof IASTIfStatement branch && branch.getConditionExpression() != null) {
                    if (child == branch.getThenClause()) {
                        out.add(guard(condition(branch.getConditionExpression()), branch.getConditionExpression(), false));
                    } else if (child == branch.getElseClause()) {
                        out.add(guard(Condition.not(condition(branch.getConditionExpression())),
                                branch.getConditionExpression(), true));
                    }
                } else if (parent instanceof IASTConditionalExpression choice) {
                    IASTExpression test = choice.getLogicalConditionExpression();
                    if (child == choice.getPositiveResultExpression()) {
                        out.add(guard(condition(test), test, false));
                    } else if (child == choice.getNegativeResultExpression()) {
                        out.add(guard(Condition.not(condition(test)), test, true));
                    }
                } else if (parent instanceof IASTBinaryExpression binary && child == binary.getOperand2()) {
                    if (binary.getOperator() == IASTBinaryExpression.op_logicalAnd) {
                        out.add(guard(condition(binary.getOperand1()), binary.getOperand1(), false));
                    } else if (binary.getOperator() == IASTBinaryExpression.op_logicalOr) {
                        out.add(guard(Condition.not(condition(binary.getOperand1())), binary.getOperand1(), true));
                    }
                } else if (parent instanceof IASTWhileStatement loop && child == loop.getBody()) {
                    out.add(guard(condition(loop.getCondition()), loop.getCondition(), false));
                } else if (parent instanceof IASTForStatement loop && child == loop.getBody()
                        && loop.getConditionExpression() != null) {
                    out.add(guard(condition(loop.getConditionExpression()), loop.getConditionExpression(), false));
                } else if (parent instanceof IASTCompoundStatement block) {
                    for (IASTStatement statement : block.getStatements()) {
                        if (statement == child) {
                            break;
                        }
                        if (statement instanceof IASTIfStatement early && early.getElseClause() == null
                                && returns(early.getThenClause()) && early.getConditionExpression() != null
                                && noLabelBetween(statement.getFileLocation().getNodeOffset(), offset)) {
                            out.add(guard(Condition.not(condition(early.getConditionExpression())),
                                    early.getConditionExpression(), true));
                        }
                    }
                }
            }
            return out;
        }

        private boolean noLabelBetween(int from, int to) {
            return labels.stream().noneMatch(l -> l > from && l < to);
        }

        /** {@code negated}: the code runs when {@code where} is false (an else branch, after an early return). */
        private Guard guard(Condition condition, IASTExpression where, boolean negated) {
            String text = oneLine(where.getRawSignature());
            if (text.length() > 60) {
                text = text.substring(0, 57) + "...";
            }
            return new Guard(condition, positions.of(where), negated ? "!(" + text + ")" : text);
        }

        private Condition condition(IASTExpression expression) {
            if (whollyFromMacro(expression)) {
                // A condition a macro writes (list_for_each_entry's loop test, IS_ENABLED()) is the prelude's
                // stand-in, not the kernel's.
                return Condition.OPAQUE;
            }
            IASTExpression e = expression;
            while (e instanceof IASTUnaryExpression unary
                    && unary.getOperator() == IASTUnaryExpression.op_bracketedPrimary) {
                e = unary.getOperand();
            }
            if (e instanceof IASTUnaryExpression unary && unary.getOperator() == IASTUnaryExpression.op_not) {
                return Condition.not(condition(unary.getOperand()));
            }
            if (e instanceof IASTBinaryExpression binary) {
                int op = binary.getOperator();
                if (op == IASTBinaryExpression.op_logicalAnd) {
                    return new Condition.And(condition(binary.getOperand1()), condition(binary.getOperand2()));
                }
                if (op == IASTBinaryExpression.op_logicalOr) {
                    return new Condition.Or(condition(binary.getOperand1()), condition(binary.getOperand2()));
                }
                if (op == IASTBinaryExpression.op_binaryAnd) {
                    return new Condition.BitTest(value(binary.getOperand1()), value(binary.getOperand2()));
                }
                String compare = switch (op) {
                    case IASTBinaryExpression.op_equals -> "==";
                    case IASTBinaryExpression.op_notequals -> "!=";
                    case IASTBinaryExpression.op_lessThan -> "<";
                    case IASTBinaryExpression.op_lessEqual -> "<=";
                    case IASTBinaryExpression.op_greaterThan -> ">";
                    case IASTBinaryExpression.op_greaterEqual -> ">=";
                    default -> null;
                };
                return compare == null ? Condition.OPAQUE
                        : new Condition.Compare(compare, value(binary.getOperand1()), value(binary.getOperand2()));
            }
            if (e instanceof IASTFunctionCallExpression call
                    && FactExtractor.strip(call.getFunctionNameExpression(), true) instanceof IASTIdExpression id
                    && !parameters.contains(id.getName().toString()) && !locals.contains(id.getName().toString())) {
                List<Value> arguments = new ArrayList<>();
                for (IASTInitializerClause argument : call.getArguments()) {
                    arguments.add(argument instanceof IASTExpression a ? value(a) : Value.unknown());
                }
                return new Condition.Call(id.getName().toString(), arguments);
            }
            Value value = value(e);
            return value instanceof Value.Unknown ? Condition.OPAQUE : new Condition.Truth(value);
        }

        @Override
        public int visit(IASTDeclaration declaration) {
            unreadable |= declaration instanceof org.eclipse.cdt.core.dom.ast.IASTProblemDeclaration;
            if (declaration instanceof IASTSimpleDeclaration simple) {
                unreadable |= simple.getDeclSpecifier().getStorageClass()
                        == org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier.sc_static;
                for (IASTDeclarator declarator : simple.getDeclarators()) {
                    initialized(declarator, false);
                }
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTExpression expression) {
            unreadable |= expression instanceof org.eclipse.cdt.core.dom.ast.IASTProblemExpression;
            if (expression instanceof IASTFieldReference reference) {
                fieldUses.add(use(reference));
            }
            if (expression instanceof IASTFunctionCallExpression call) {
                call(call);
            } else if (expression instanceof IASTBinaryExpression binary && assigns(binary.getOperator())) {
                // A compound assignment (x += 1, flags |= F) stores something the tracer does not compute, and the
                // kernel prelude's macros are stand-ins whose stores say nothing about the real ones.
                boolean known = binary.getOperator() == IASTBinaryExpression.op_assign && !whollyFromMacro(binary);
                store(binary.getOperand1(), known ? value(binary.getOperand2()) : new Value.Unknown(
                        "a value computed at " + positions.of(binary).line()), binary);
            } else if (expression instanceof IASTUnaryExpression unary && increments(unary.getOperator())) {
                store(unary.getOperand(), new Value.Unknown("a counter"), unary);
            }
            return PROCESS_CONTINUE;
        }

        private void store(IASTExpression target, Value value, IASTNode where) {
            Value path = value(target);
            if (!(path instanceof Value.Unknown) && !(path instanceof Value.Constant)) {
                stores.add(new Store(path, value, positions.of(where), guards(where)));
            }
        }

        /** A declaration: a local (or, at file scope, a global) and what its initializer stores into it. */
        void initialized(IASTDeclarator declarator, boolean fileScope) {
            String name = FactExtractor.innermost(declarator).getName().toString();
            if (name.isEmpty()) {
                return;
            }
            Value variable = fileScope ? new Value.Global(name, List.of()) : new Value.Local(name, List.of());
            if (!fileScope) {
                locals.add(name);
            }
            IASTInitializer initializer = declarator.getInitializer();
            if (initializer instanceof IASTEqualsInitializer equals) {
                clause(variable, equals.getInitializerClause(), positions.of(declarator), guards(declarator));
            } else if (initializer instanceof IASTInitializerList list) {
                clause(variable, list, positions.of(declarator), guards(declarator));
            }
        }

        /** {@code target = clause}: an expression, or a list whose designated fields each get a store. */
        private void clause(Value target, IASTInitializerClause clause, Position site, List<Guard> guards) {
            if (target instanceof Value.Unknown) {
                return;
            }
            if (clause instanceof IASTExpression e) {
                stores.add(new Store(target, value(e), site, guards));
                return;
            }
            if (!(clause instanceof IASTInitializerList list)) {
                return;
            }
            for (IASTInitializerClause element : list.getClauses()) {
                if (element instanceof ICASTDesignatedInitializer designated) {
                    List<String> fields = new ArrayList<>();
                    for (ICASTDesignator designator : designated.getDesignators()) {
                        if (designator instanceof ICASTFieldDesignator field) {
                            fields.add(field.getName().toString());
                        }
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        fieldUses.add(new FieldUse(fields.get(i), FieldUse.Kind.STORE, positions.of(designated), -1,
                                i < fields.size() - 1));
                    }
                    // An array designator ([2] = ...) stands for the array, as a subscript does.
                    clause(target.with(fields), designated.getOperand(), positions.of(designated), guards);
                } else if (element instanceof IASTInitializerList) {
                    // { { .f = a }, { .f = b } }: elements of an array of structs.
                    clause(target, element, site, guards);
                }
            }
        }

        /**
         * What the code does with the field {@code reference} names: climbs past what names the same object
         * ({@code &}, {@code *}, parentheses, casts, a subscript, a path through it) to the first thing that uses it.
         */
        private FieldUse use(IASTFieldReference reference) {
            String field = reference.getFieldName().toString();
            IASTNode node = reference;
            boolean through = false;
            while (true) {
                IASTNode parent = node.getParent();
                FieldUse.Kind kind = FieldUse.Kind.OTHER;
                IASTNode where = parent;
                int argument = -1;
                if (parent instanceof IASTUnaryExpression unary) {
                    int op = unary.getOperator();
                    if (op == IASTUnaryExpression.op_bracketedPrimary || op == IASTUnaryExpression.op_amper
                            || op == IASTUnaryExpression.op_star) {
                        node = parent;
                        continue;
                    }
                    kind = op == IASTUnaryExpression.op_not || op == IASTUnaryExpression.op_sizeof ? FieldUse.Kind.TEST
                            : increments(op) ? FieldUse.Kind.STORE : FieldUse.Kind.OTHER;
                } else if (parent instanceof IASTCastExpression) {
                    node = parent;
                    continue;
                } else if (parent instanceof IASTFieldReference outer && outer.getFieldOwner() == node) {
                    through = true;
                    node = parent;
                    continue;
                } else if (parent instanceof IASTArraySubscriptExpression subscript
                        && subscript.getArrayExpression() == node) {
                    node = parent;
                    continue;
                } else if (parent instanceof IASTConditionalExpression conditional) {
                    if (conditional.getLogicalConditionExpression() != node) {
                        node = parent;
                        continue;
                    }
                    kind = FieldUse.Kind.TEST;
                } else if (parent instanceof org.eclipse.cdt.core.dom.ast.IASTExpressionList list) {
                    IASTExpression[] all = list.getExpressions();
                    if (all.length > 0 && all[all.length - 1] == node) {
                        node = parent;
                        continue;
                    }
                    kind = FieldUse.Kind.TEST;
                } else if (parent instanceof IASTBinaryExpression binary) {
                    int op = binary.getOperator();
                    if (assigns(op)) {
                        kind = binary.getOperand1() == node ? FieldUse.Kind.STORE : FieldUse.Kind.OTHER;
                    } else if (through || compares(op)) {
                        // A member read through the field is a number or a pointer of its own, not the field's.
                        kind = FieldUse.Kind.TEST;
                    }
                } else if (parent instanceof IASTFunctionCallExpression call) {
                    IASTInitializerClause[] arguments = call.getArguments();
                    for (int i = 0; i < arguments.length; i++) {
                        if (arguments[i] == node) {
                            kind = FieldUse.Kind.ARGUMENT;
                            argument = i;
                        }
                    }
                } else if (parent instanceof IASTIfStatement || parent instanceof IASTWhileStatement
                        || parent instanceof org.eclipse.cdt.core.dom.ast.IASTDoStatement
                        || parent instanceof IASTForStatement
                        || parent instanceof org.eclipse.cdt.core.dom.ast.IASTSwitchStatement
                        || parent instanceof org.eclipse.cdt.core.dom.ast.IASTExpressionStatement) {
                    kind = FieldUse.Kind.TEST;
                }
                return new FieldUse(field, kind, where == null ? positions.of(node) : positions.of(where), argument,
                        through);
            }
        }

        private void call(IASTFunctionCallExpression call) {
            IASTExpression target = FactExtractor.strip(call.getFunctionNameExpression(), true);
            String name = null;
            Value base = null;
            String field = null;
            if (target instanceof IASTIdExpression id) {
                String n = id.getName().toString();
                if (!parameters.contains(n) && !locals.contains(n)) {
                    name = n;
                }
            } else if (target instanceof IASTFieldReference reference) {
                base = value(reference.getFieldOwner());
                field = reference.getFieldName().toString();
            }
            List<Value> arguments = new ArrayList<>();
            for (IASTInitializerClause argument : call.getArguments()) {
                arguments.add(argument instanceof IASTExpression e ? value(e) : Value.unknown());
            }
            calls.add(new BodyCall(positions.of(call), positions.end(call), name, base, field, arguments,
                    guards(call)));
        }

        /**
         * The value of an expression; a constant that a macro makes up whole (the prelude's stand-ins:
         * {@code wait_on_bit()} as 0, a loop macro's {@code pos = 0}) is unknown, while a macro that passes a value
         * through ({@code container_of(work, ...)}) keeps it.
         */
        private Value value(IASTExpression expression) {
            Value value = plainValue(expression);
            return value instanceof Value.Constant && whollyFromMacro(expression)
                    ? new Value.Unknown("a value a macro stands in for") : value;
        }

        private Value plainValue(IASTExpression expression) {
            IASTExpression e = expression;
            while (true) {
                if (e instanceof IASTUnaryExpression unary && (unary.getOperator()
                        == IASTUnaryExpression.op_bracketedPrimary || unary.getOperator() == IASTUnaryExpression.op_amper
                        || unary.getOperator() == IASTUnaryExpression.op_star)) {
                    e = unary.getOperand();
                } else if (e instanceof IASTCastExpression cast) {
                    e = cast.getOperand();
                } else {
                    break;
                }
            }
            if (e instanceof IASTBinaryExpression binary) {
                return folded(binary.getOperator(), value(binary.getOperand1()), value(binary.getOperand2()));
            }
            if (e instanceof IASTUnaryExpression unary && unary.getOperand() != null) {
                Value operand = value(unary.getOperand());
                if (operand instanceof Value.Constant c) {
                    switch (unary.getOperator()) {
                        case IASTUnaryExpression.op_minus:
                            return new Value.Constant(-c.value());
                        case IASTUnaryExpression.op_tilde:
                            return new Value.Constant(~c.value());
                        case IASTUnaryExpression.op_not:
                            return new Value.Constant(c.value() == 0 ? 1 : 0);
                        case IASTUnaryExpression.op_plus:
                            return c;
                        default:
                            break;
                    }
                }
            }
            if (e instanceof IASTIdExpression id) {
                String name = id.getName().toString();
                if (name.equals("NULL") || name.equals("false")) {
                    // Fast mode reads no headers, so C's NULL, false and true are bare names here.
                    return new Value.Constant(0);
                }
                if (name.equals("true")) {
                    return new Value.Constant(1);
                }
                int parameter = parameters.indexOf(name);
                if (parameter >= 0) {
                    return new Value.Parameter(parameter, List.of());
                }
                if (locals.contains(name)) {
                    return new Value.Local(name, List.of());
                }
                Long enumerator = BodyExtractor.this.enumerator(id);
                return enumerator != null ? new Value.Constant(enumerator) : new Value.Global(name, List.of());
            }
            if (e instanceof IASTFieldReference reference) {
                return value(reference.getFieldOwner()).with(List.of(reference.getFieldName().toString()));
            }
            if (e instanceof IASTArraySubscriptExpression subscript) {
                return value(subscript.getArrayExpression());
            }
            if (e instanceof IASTLiteralExpression literal
                    && literal.getKind() == IASTLiteralExpression.lk_integer_constant) {
                return integer(String.valueOf(literal.getValue()));
            }
            if (e instanceof IASTFunctionCallExpression call) {
                if (FactExtractor.strip(call.getFunctionNameExpression(), true) instanceof IASTIdExpression id
                        && !parameters.contains(id.getName().toString())
                        && !locals.contains(id.getName().toString())) {
                    return new Value.Result(id.getName().toString(), positions.of(call), List.of());
                }
                String called = oneLine(call.getFunctionNameExpression().getRawSignature());
                return new Value.Unknown("the result of " + (called.length() > 40 ? "a call" : called + "()"));
            }
            return Value.unknown();
        }
    }

    /**
     * Whether all of {@code node}'s text comes from expansions of the kernel prelude's macros: stand-ins for the
     * kernel's, whose values and tests say nothing. (A macro of the file or of a header read for its constants is
     * the kernel's own, and its value counts.)
     */
    static boolean whollyFromMacro(IASTNode node) {
        IASTNodeLocation[] locations = node.getNodeLocations();
        if (locations.length == 0) {
            return false;
        }
        boolean standIn = false;
        for (IASTNodeLocation location : locations) {
            if (!(location instanceof IASTMacroExpansionLocation expansion)) {
                return false;
            }
            var definition = expansion.getExpansion().getMacroDefinition();
            // A function-like macro may wrap the prelude's loop stand-ins (for_each_host() around
            // hlist_for_each_entry()); only an object-like one of the kernel's own (TRANS_JOIN) is a constant.
            standIn |= definition == null || PreludeProvider.PRELUDE_PATH.equals(definition.getContainingFilename())
                    || definition instanceof org.eclipse.cdt.core.dom.ast.IASTPreprocessorFunctionStyleMacroDefinition;
        }
        return standIn;
    }

    private static boolean assigns(int op) {
        return op == IASTBinaryExpression.op_assign || op == IASTBinaryExpression.op_plusAssign
                || op == IASTBinaryExpression.op_minusAssign || op == IASTBinaryExpression.op_multiplyAssign
                || op == IASTBinaryExpression.op_divideAssign || op == IASTBinaryExpression.op_moduloAssign
                || op == IASTBinaryExpression.op_shiftLeftAssign || op == IASTBinaryExpression.op_shiftRightAssign
                || op == IASTBinaryExpression.op_binaryAndAssign || op == IASTBinaryExpression.op_binaryOrAssign
                || op == IASTBinaryExpression.op_binaryXorAssign;
    }

    private static boolean compares(int op) {
        return op == IASTBinaryExpression.op_equals || op == IASTBinaryExpression.op_notequals
                || op == IASTBinaryExpression.op_lessThan || op == IASTBinaryExpression.op_greaterThan
                || op == IASTBinaryExpression.op_lessEqual || op == IASTBinaryExpression.op_greaterEqual
                || op == IASTBinaryExpression.op_logicalAnd || op == IASTBinaryExpression.op_logicalOr;
    }

    private static boolean increments(int op) {
        return op == IASTUnaryExpression.op_prefixIncr || op == IASTUnaryExpression.op_prefixDecr
                || op == IASTUnaryExpression.op_postFixIncr || op == IASTUnaryExpression.op_postFixDecr;
    }

    /**
     * The value of an enumerator the file (or a header read with it) defines, or null: only from an enum that
     * parsed whole, since CDT numbers on past an enumerator it could not read ({@code ENUM_BIT(__TRANS_START)}
     * without bits.h) and its values are then made up.
     */
    private Long enumerator(IASTIdExpression id) {
        try {
            if (!(id.getName().resolveBinding() instanceof org.eclipse.cdt.core.dom.ast.IEnumerator enumerator)
                    || enumerator.getValue() == null || enumerator.getValue().numberValue() == null) {
                return null;
            }
            // Finding an enumerator's declarations walks the whole unit, headers included: once per enumerator.
            return enumerators.computeIfAbsent(enumerator, this::declaredValue).orElse(null);
        } catch (RuntimeException e) {
            // A binding CDT cannot resolve without headers: no value.
            return null;
        }
    }

    private final Map<org.eclipse.cdt.core.dom.ast.IEnumerator, Optional<Long>> enumerators = new HashMap<>();

    /** The enumerator's value when every declaration of it is in an enum the parser read without problems. */
    private Optional<Long> declaredValue(org.eclipse.cdt.core.dom.ast.IEnumerator enumerator) {
        try {
            for (org.eclipse.cdt.core.dom.ast.IASTName declared : unit.getDeclarationsInAST(enumerator)) {
                IASTNode spec = declared;
                while (spec != null && !(spec instanceof org.eclipse.cdt.core.dom.ast.IASTEnumerationSpecifier)) {
                    spec = spec.getParent();
                }
                if (spec == null || hasProblems(spec)) {
                    return Optional.empty();
                }
            }
            return Optional.of(enumerator.getValue().numberValue().longValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean hasProblems(IASTNode node) {
        boolean[] problem = {false};
        node.accept(new ASTVisitor() {
            {
                shouldVisitProblems = true;
                shouldVisitExpressions = true;
                shouldVisitDeclarations = true;
            }

            @Override
            public int visit(org.eclipse.cdt.core.dom.ast.IASTProblem p) {
                problem[0] = true;
                return PROCESS_ABORT;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof org.eclipse.cdt.core.dom.ast.IASTProblemExpression
                        || (e instanceof IASTFunctionCallExpression)) {
                    // A call in an enumerator's value is a macro fast mode did not expand.
                    problem[0] = true;
                    return PROCESS_ABORT;
                }
                return PROCESS_CONTINUE;
            }
        });
        return problem[0];
    }

    /** A binary operation on two constants, folded; anything else is unknown. */
    private static Value folded(int op, Value left, Value right) {
        if (!(left instanceof Value.Constant a) || !(right instanceof Value.Constant b)) {
            return new Value.Unknown("arithmetic on values the tracer does not know");
        }
        long x = a.value();
        long y = b.value();
        switch (op) {
            case IASTBinaryExpression.op_binaryOr: return new Value.Constant(x | y);
            case IASTBinaryExpression.op_binaryAnd: return new Value.Constant(x & y);
            case IASTBinaryExpression.op_binaryXor: return new Value.Constant(x ^ y);
            case IASTBinaryExpression.op_shiftLeft: return y >= 0 && y < 63 ? new Value.Constant(x << y) : Value.unknown();
            case IASTBinaryExpression.op_shiftRight: return y >= 0 && y < 63 ? new Value.Constant(x >> y) : Value.unknown();
            case IASTBinaryExpression.op_plus: return new Value.Constant(x + y);
            case IASTBinaryExpression.op_minus: return new Value.Constant(x - y);
            case IASTBinaryExpression.op_multiply: return new Value.Constant(x * y);
            default: return Value.unknown();
        }
    }

    /** Whether {@code statement} always returns: a return, or a block ending in one with no jump inside. */
    private static boolean returns(IASTStatement statement) {
        if (statement instanceof IASTReturnStatement) {
            return true;
        }
        if (!(statement instanceof IASTCompoundStatement block) || block.getStatements().length == 0
                || !(block.getStatements()[block.getStatements().length - 1] instanceof IASTReturnStatement)) {
            return false;
        }
        boolean[] jumps = {false};
        block.accept(new ASTVisitor() {
            {
                shouldVisitStatements = true;
            }

            @Override
            public int visit(IASTStatement s) {
                if (s instanceof IASTGotoStatement || s instanceof IASTLabelStatement) {
                    jumps[0] = true;
                }
                return PROCESS_CONTINUE;
            }
        });
        return !jumps[0];
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** {@code 0}, {@code 0x1f}, {@code 10UL}; unknown when it does not fit. */
    static Value integer(String literal) {
        String digits = literal.toLowerCase(java.util.Locale.ROOT).replaceAll("[ul]+$", "");
        try {
            if (digits.startsWith("0x")) {
                return new Value.Constant(Long.parseUnsignedLong(digits.substring(2), 16));
            }
            if (digits.length() > 1 && digits.startsWith("0")) {
                return new Value.Constant(Long.parseLong(digits.substring(1), 8));
            }
            return new Value.Constant(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return Value.unknown();
        }
    }
}
