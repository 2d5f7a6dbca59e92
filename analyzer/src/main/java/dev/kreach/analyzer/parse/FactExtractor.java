package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.facts.FieldBinding;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.ProblemFact;
import dev.kreach.analyzer.facts.StructLayout;
import dev.kreach.analyzer.facts.TypeRef;
import dev.kreach.analyzer.source.SourceFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTImageLocation;
import org.eclipse.cdt.core.dom.ast.IASTInitializer;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTInitializerList;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignatedInitializer;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignator;
import org.eclipse.cdt.core.dom.ast.c.ICASTFieldDesignator;

/**
 * Turns one CDT translation unit into {@link FileFacts}. Types are tracked syntactically, as far as one file without
 * headers allows: a local, parameter or global declared {@code struct T} (or pointer to it), a cast to
 * {@code struct T *} (container_of and friends expand to one), or the return type of a named function.
 */
public final class FactExtractor {
    private final String path;
    /** The file's name as the preprocessor knows it; in build mode the unit holds its headers' code too. */
    private final String unitFile;
    private final boolean wholeUnit;
    /** The unit's top-level declarations that belong to this file. */
    private final List<IASTDeclaration> declarations;
    private final IASTTranslationUnit unit;
    private final SourcePositions positions;

    private final List<FunctionFact> functions = new ArrayList<>();
    private final List<CallFact> calls = new ArrayList<>();
    private final List<FieldBinding> bindings = new ArrayList<>();
    private final List<StructLayout> structs = new ArrayList<>();
    private final Map<String, String> returnTypes = new LinkedHashMap<>();
    private final TreeSet<String> declaredStatic = new TreeSet<>();
    private final List<ProblemFact> problems = new ArrayList<>();
    /** File-scope variables of struct type: name to struct tag. */
    private final Map<String, String> globals = new HashMap<>();

    private final long length;
    private final String sha256;
    private final String text;
    private StatementAnchor anchors;

    FactExtractor(SourceFile file, String text, IASTTranslationUnit unit) {
        this(file, text, unit, file.path(), List.of(unit.getDeclarations()), true);
    }

    private FactExtractor(SourceFile file, String text, IASTTranslationUnit unit, String unitFile,
            List<IASTDeclaration> declarations, boolean whole) {
        this.path = file.path();
        this.unitFile = unitFile;
        this.wholeUnit = whole;
        this.declarations = declarations;
        this.length = file.bytes().length;
        this.sha256 = file.sha256();
        this.unit = unit;
        this.text = text;
        this.positions = new SourcePositions(path, text);
    }

    /**
     * The facts of one file of a preprocessed translation unit (build mode): only code the preprocessor read from
     * {@code unitFile} counts ({@code declarations}, the unit's top-level declarations from that file, and its
     * preprocessor problems and includes), and {@code file} gives its bytes and the path reports use.
     */
    public static FileFacts extractFile(SourceFile file, String text, IASTTranslationUnit unit, String unitFile,
            List<IASTDeclaration> declarations) {
        return new FactExtractor(file, text, unit, unitFile, declarations, false).extract();
    }

    /**
     * The unit's top-level declarations by the file the preprocessor read them from, for the files {@code wanted}
     * accepts: one location lookup per declaration, however many files are extracted.
     */
    public static Map<String, List<IASTDeclaration>> declarationsByFile(IASTTranslationUnit unit,
            java.util.function.Predicate<String> wanted) {
        Map<String, List<IASTDeclaration>> byFile = new HashMap<>();
        Map<String, Boolean> accepted = new HashMap<>();
        for (IASTDeclaration declaration : unit.getDeclarations()) {
            String file = declaration.getContainingFilename();
            if (accepted.computeIfAbsent(file, wanted::test)) {
                byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(declaration);
            }
        }
        return byFile;
    }

    private boolean mine(IASTNode node) {
        return wholeUnit || unitFile.equals(node.getContainingFilename());
    }

    FileFacts extract() {
        // File-scope declarations first, so that every function body sees all globals and static prototypes.
        for (IASTDeclaration declaration : declarations) {
            if (declaration instanceof IASTFunctionDefinition definition) {
                noteDeclaration(definition.getDeclSpecifier(), definition.getDeclarator());
            } else if (declaration instanceof IASTSimpleDeclaration simple) {
                fileScopeDeclaration(simple);
            }
        }
        // Then one walk over the whole unit: function bodies, and every problem node, file scope or not.
        if (wholeUnit) {
            unit.accept(new UnitVisitor());
        } else {
            UnitVisitor visitor = new UnitVisitor();
            for (IASTDeclaration declaration : declarations) {
                declaration.accept(visitor);
            }
            for (IASTProblem problem : unit.getPreprocessorProblems()) {
                if (mine(problem)) {
                    problems.add(new ProblemFact(positions.of(problem), null, problem.getMessage(),
                            abbreviate(oneLine(problem.getRawSignature()))));
                }
            }
        }
        problems.sort((x, y) -> x.where().compareTo(y.where()));
        List<FileFacts.Include> includes = new ArrayList<>();
        for (IASTPreprocessorIncludeStatement include : unit.getIncludeDirectives()) {
            if (include.isActive() && mine(include)) {
                includes.add(new FileFacts.Include(include.getName().toString(), include.isSystemInclude()));
            }
        }
        return new FileFacts(path, positions.lines(), length, sha256, functions, calls, bindings, structs, returnTypes,
                List.copyOf(declaredStatic), includes, problems);
    }

    // ---- file scope ----

    private void fileScopeDeclaration(IASTSimpleDeclaration declaration) {
        IASTDeclSpecifier spec = declaration.getDeclSpecifier();
        if (spec instanceof IASTCompositeTypeSpecifier composite) {
            structLayout(composite);
        }
        String tag = structTag(spec);
        for (IASTDeclarator declarator : declaration.getDeclarators()) {
            IASTDeclarator innermost = innermost(declarator);
            if (declarator instanceof IASTFunctionDeclarator) {
                noteDeclaration(spec, declarator);
                continue;
            }
            String name = innermost.getName().toString();
            if (tag != null && !name.isEmpty()) {
                globals.put(name, tag);
            }
            // A typedef'd ops table (ops_t t = { .f = fn }) still binds fn to .f, matched by field name.
            initializerBindings(declarator.getInitializer(), tag != null ? TypeRef.struct(tag) : TypeRef.UNKNOWN,
                    Scope.FILE);
        }
    }

    /** Records return type and linkage of a function declared or defined at file scope. */
    private void noteDeclaration(IASTDeclSpecifier spec, IASTDeclarator declarator) {
        String name = innermost(declarator).getName().toString();
        if (name.isEmpty()) {
            return;
        }
        if (spec.getStorageClass() == IASTDeclSpecifier.sc_static) {
            declaredStatic.add(name);
        }
        String tag = structTag(spec);
        if (tag != null && hasPointer(declarator)) {
            returnTypes.put(name, tag);
        }
    }

    private void structLayout(IASTCompositeTypeSpecifier composite) {
        String tag = composite.getName().toString();
        Map<String, String> fields = new LinkedHashMap<>();
        collectFields(composite, fields);
        if (!tag.isEmpty()) {
            structs.add(new StructLayout(tag, path, fields));
        }
    }

    private void collectFields(IASTCompositeTypeSpecifier composite, Map<String, String> fields) {
        for (IASTDeclaration member : composite.getMembers()) {
            if (!(member instanceof IASTSimpleDeclaration simple)) {
                continue;
            }
            IASTDeclSpecifier spec = simple.getDeclSpecifier();
            if (spec instanceof IASTCompositeTypeSpecifier nested) {
                if (simple.getDeclarators().length == 0) {
                    // C11 anonymous struct or union: its members are members of the enclosing struct.
                    collectFields(nested, fields);
                    continue;
                }
                structLayout(nested);
            }
            String fieldTag = structTag(spec);
            if (fieldTag == null) {
                continue;
            }
            for (IASTDeclarator declarator : simple.getDeclarators()) {
                if (declarator instanceof IASTFunctionDeclarator) {
                    continue;
                }
                String name = innermost(declarator).getName().toString();
                if (!name.isEmpty()) {
                    fields.put(name, fieldTag);
                }
            }
        }
    }

    // ---- functions ----

    /**
     * Walks the unit once. Inside a function it tracks parameters and locals as their declarations go by (C declares
     * before use), records calls, assignments and initializer bindings, and charges problem nodes to the function.
     */
    private final class UnitVisitor extends ASTVisitor {
        private Scope scope;
        private IASTFunctionDefinition current;
        private int functionProblems;

        UnitVisitor() {
            shouldVisitDeclarations = true;
            shouldVisitExpressions = true;
            shouldVisitProblems = true;
            shouldVisitStatements = true;
            shouldVisitTypeIds = true;
        }

        @Override
        public int visit(IASTDeclaration declaration) {
            if (declaration instanceof IASTFunctionDefinition definition && current == null) {
                enter(definition);
            } else if (scope != null && declaration instanceof IASTSimpleDeclaration simple) {
                local(simple);
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int leave(IASTDeclaration declaration) {
            if (declaration == current) {
                IASTFileLocation location = current.getFileLocation();
                boolean isStatic = current.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_static;
                functions.add(new FunctionFact(scope.function, path, isStatic, location.getStartingLineNumber(),
                        location.getEndingLineNumber(), scope.parameters, functionProblems, noreturn(current)));
                current = null;
                scope = null;
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTExpression expression) {
            if (scope == null) {
                return PROCESS_CONTINUE;
            }
            if (expression instanceof IASTFunctionCallExpression call) {
                call(call, scope);
            } else if (expression instanceof IASTBinaryExpression binary
                    && binary.getOperator() == IASTBinaryExpression.op_assign) {
                assignment(binary, scope);
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTProblem problem) {
            IASTFileLocation location = problem.getFileLocation();
            if (location != null && unitFile.equals(location.getFileName())) {
                problems.add(new ProblemFact(positions.of(problem), scope == null ? null : scope.function,
                        problem.getMessage(), abbreviate(oneLine(problem.getRawSignature()))));
                if (scope != null) {
                    functionProblems++;
                }
            }
            return PROCESS_CONTINUE;
        }

        /**
         * Whether the definition's text before its name says it never returns: the prelude and the kernel's
         * compiler_attributes.h both turn {@code __noreturn} into something the AST does not keep, so the text is read.
         */
        private boolean noreturn(IASTFunctionDefinition definition) {
            IASTFileLocation start = definition.getFileLocation();
            IASTFileLocation name = innermost(definition.getDeclarator()).getName().getFileLocation();
            if (start == null || name == null || !start.getFileName().equals(name.getFileName())) {
                return false;
            }
            int from = start.getNodeOffset();
            int to = name.getNodeOffset();
            return from >= 0 && to <= text.length() && from < to && text.substring(from, to).contains("noreturn");
        }

        private void enter(IASTFunctionDefinition definition) {
            current = definition;
            functionProblems = 0;
            IASTFunctionDeclarator declarator = definition.getDeclarator();
            scope = new Scope(innermost(declarator).getName().toString());
            if (declarator instanceof IASTStandardFunctionDeclarator standard) {
                for (IASTParameterDeclaration parameter : standard.getParameters()) {
                    String parameterName = innermost(parameter.getDeclarator()).getName().toString();
                    scope.parameters.add(parameterName);
                    String tag = structTag(parameter.getDeclSpecifier());
                    if (tag != null && !parameterName.isEmpty()) {
                        scope.types.put(parameterName, tag);
                    }
                }
            }
        }

        private void local(IASTSimpleDeclaration simple) {
            String tag = structTag(simple.getDeclSpecifier());
            for (IASTDeclarator declarator : simple.getDeclarators()) {
                String local = innermost(declarator).getName().toString();
                scope.locals.add(local);
                if (tag != null) {
                    scope.types.put(local, tag);
                }
                initializerBindings(declarator.getInitializer(), tag != null ? TypeRef.struct(tag) : TypeRef.UNKNOWN,
                        scope);
            }
        }
    }

    private StatementAnchor anchors() {
        if (anchors == null) {
            anchors = new StatementAnchor(text);
        }
        return anchors;
    }

    private void call(IASTFunctionCallExpression call, Scope scope) {
        IASTExpression target = strip(call.getFunctionNameExpression(), true);
        Callee callee;
        if (target instanceof IASTIdExpression id) {
            String name = id.getName().toString();
            int parameter = scope.parameters.indexOf(name);
            if (parameter >= 0) {
                callee = new Callee.Parameter(parameter, name);
            } else if (scope.locals.contains(name)) {
                callee = new Callee.Unresolvable(name);
            } else {
                callee = new Callee.Named(name);
            }
        } else if (target instanceof IASTFieldReference field) {
            callee = new Callee.Field(typeOf(field.getFieldOwner(), scope), field.getFieldName().toString());
        } else {
            callee = new Callee.Unresolvable(oneLine(call.getFunctionNameExpression().getRawSignature()));
        }
        List<Argument> arguments = new ArrayList<>();
        for (IASTInitializerClause clause : call.getArguments()) {
            arguments.add(clause instanceof IASTExpression e ? argument(e, scope) : Argument.OTHER);
        }
        Position site = positions.of(call);
        Position end = positions.end(call);
        IASTImageLocation image = wholeUnit ? null : argumentImage(call);
        if (image != null) {
            site = positions.at(image.getNodeOffset());
            end = positions.at(image.getNodeOffset() + call.getRawSignature().length());
        }
        calls.add(new CallFact(scope.function, callee, site, end, arguments, oneLine(call.getRawSignature()),
                anchors().of(site.line(), end.line())));
    }

    /**
     * Where a call written inside a macro's argument ({@code doutc(cl, "%s", ceph_cap_string(got))}) really is: its
     * leftmost name's place in the argument text. The call's own file location is the whole macro expansion.
     */
    private IASTImageLocation argumentImage(IASTFunctionCallExpression call) {
        IASTExpression e = call.getFunctionNameExpression();
        while (true) {
            if (e instanceof IASTIdExpression id) {
                IASTImageLocation image = id.getName().getImageLocation();
                return image != null && image.getLocationKind() == IASTImageLocation.ARGUMENT_TO_MACRO_EXPANSION
                        && unitFile.equals(image.getFileName()) ? image : null;
            } else if (e instanceof IASTFieldReference field) {
                e = field.getFieldOwner();
            } else if (e instanceof IASTUnaryExpression unary && unary.getOperand() != null) {
                e = unary.getOperand();
            } else if (e instanceof IASTArraySubscriptExpression subscript) {
                e = subscript.getArrayExpression();
            } else {
                return null;
            }
        }
    }


    private Argument argument(IASTExpression expression, Scope scope) {
        IASTExpression e = strip(expression, false);
        if (e instanceof IASTIdExpression id) {
            String name = id.getName().toString();
            int parameter = scope.parameters.indexOf(name);
            if (parameter >= 0) {
                return new Argument.Parameter(parameter);
            }
            return scope.locals.contains(name) ? Argument.OTHER : new Argument.Name(name);
        }
        if (e instanceof IASTFieldReference field) {
            return new Argument.FieldOf(typeOf(field.getFieldOwner(), scope), field.getFieldName().toString());
        }
        return Argument.OTHER;
    }

    /** {@code owner->field = function;} binds the function to that field. */
    private void assignment(IASTBinaryExpression assignment, Scope scope) {
        if (!(strip(assignment.getOperand1(), false) instanceof IASTFieldReference field)) {
            return;
        }
        if (!(strip(assignment.getOperand2(), false) instanceof IASTIdExpression value)) {
            return;
        }
        String name = value.getName().toString();
        int parameter = scope.parameters.indexOf(name);
        if (parameter >= 0) {
            bindings.add(new FieldBinding(typeOf(field.getFieldOwner(), scope), field.getFieldName().toString(),
                    scope.function, positions.of(assignment), parameter));
            return;
        }
        if (scope.locals.contains(name)) {
            return;
        }
        bindings.add(new FieldBinding(typeOf(field.getFieldOwner(), scope), field.getFieldName().toString(), name,
                positions.of(assignment)));
    }

    /**
     * Designated initializers bind functions to fields: {@code { .dispatch = osd_dispatch }}; nested lists step
     * into a struct-typed field ({@code .a = { .f = fn }}) or into the next element of an array of structs.
     */
    private void initializerBindings(IASTInitializer initializer, TypeRef type, Scope scope) {
        if (initializer instanceof IASTEqualsInitializer equals) {
            initializerClause(equals.getInitializerClause(), type, scope);
        } else if (initializer instanceof IASTInitializerList list) {
            initializerClause(list, type, scope);
        }
    }

    private void initializerClause(IASTInitializerClause clause, TypeRef type, Scope scope) {
        if (!(clause instanceof IASTInitializerList list)) {
            return;
        }
        for (IASTInitializerClause element : list.getClauses()) {
            if (element instanceof ICASTDesignatedInitializer designated) {
                TypeRef owner = type;
                String field = null;
                for (ICASTDesignator designator : designated.getDesignators()) {
                    if (designator instanceof ICASTFieldDesignator fieldDesignator) {
                        if (field != null) {
                            owner = owner.field(field);
                        }
                        field = fieldDesignator.getName().toString();
                    }
                }
                IASTInitializerClause operand = designated.getOperand();
                if (field == null) {
                    initializerClause(operand, owner, scope);
                } else if (operand instanceof IASTInitializerList) {
                    initializerClause(operand, owner.field(field), scope);
                } else if (operand instanceof IASTExpression e && strip(e, false) instanceof IASTIdExpression id) {
                    String name = id.getName().toString();
                    if (!scope.parameters.contains(name) && !scope.locals.contains(name)) {
                        bindings.add(new FieldBinding(owner, field, name, positions.of(designated)));
                    }
                }
            } else if (element instanceof IASTInitializerList) {
                initializerClause(element, type, scope);
            }
        }
    }

    // ---- types ----

    private TypeRef typeOf(IASTExpression expression, Scope scope) {
        IASTExpression e = strip(expression, true);
        if (e instanceof IASTIdExpression id) {
            String name = id.getName().toString();
            String tag = scope.types.get(name);
            if (tag == null && !scope.locals.contains(name) && !scope.parameters.contains(name)) {
                tag = globals.get(name);
            }
            return tag == null ? TypeRef.UNKNOWN : TypeRef.struct(tag);
        }
        if (e instanceof IASTFieldReference field) {
            return typeOf(field.getFieldOwner(), scope).field(field.getFieldName().toString());
        }
        if (e instanceof IASTCastExpression cast) {
            String tag = structTag(cast.getTypeId().getDeclSpecifier());
            return tag == null ? typeOf(cast.getOperand(), scope) : TypeRef.struct(tag);
        }
        if (e instanceof IASTArraySubscriptExpression subscript) {
            return typeOf(subscript.getArrayExpression(), scope);
        }
        if (e instanceof IASTFunctionCallExpression call
                && strip(call.getFunctionNameExpression(), true) instanceof IASTIdExpression id) {
            return TypeRef.returnOf(id.getName().toString());
        }
        return TypeRef.UNKNOWN;
    }

    /** Removes parentheses, and with {@code derefs} also {@code *} and {@code &}, which keep the struct type. */
    static IASTExpression strip(IASTExpression expression, boolean derefs) {
        IASTExpression e = expression;
        while (true) {
            if (e instanceof IASTUnaryExpression unary) {
                int op = unary.getOperator();
                if (op == IASTUnaryExpression.op_bracketedPrimary || op == IASTUnaryExpression.op_amper
                        || (derefs && op == IASTUnaryExpression.op_star)) {
                    e = unary.getOperand();
                    continue;
                }
            } else if (!derefs && e instanceof IASTCastExpression cast) {
                e = cast.getOperand();
                continue;
            }
            return e;
        }
    }

    private static String structTag(IASTDeclSpecifier spec) {
        if (spec instanceof IASTElaboratedTypeSpecifier elaborated
                && elaborated.getKind() != IASTElaboratedTypeSpecifier.k_enum) {
            String tag = elaborated.getName().toString();
            return tag.isEmpty() ? null : tag;
        }
        if (spec instanceof IASTCompositeTypeSpecifier composite) {
            String tag = composite.getName().toString();
            return tag.isEmpty() ? null : tag;
        }
        return null;
    }

    static IASTDeclarator innermost(IASTDeclarator declarator) {
        IASTDeclarator d = declarator;
        while (d.getNestedDeclarator() != null) {
            d = d.getNestedDeclarator();
        }
        return d;
    }

    private static boolean hasPointer(IASTDeclarator declarator) {
        for (IASTDeclarator d = declarator; d != null; d = d.getNestedDeclarator()) {
            if (d.getPointerOperators().length > 0) {
                return true;
            }
        }
        return false;
    }

    // ---- problems and positions ----

    /** Collapses whitespace runs to one space (cheaper than a regex, and run on every call expression). */
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** What a function body can name: its parameters (by position), its locals, and their struct types. */
    private static final class Scope {
        static final Scope FILE = new Scope("");

        final String function;
        final List<String> parameters = new ArrayList<>();
        final java.util.Set<String> locals = new java.util.HashSet<>();
        final Map<String, String> types = new HashMap<>();

        Scope(String function) {
            this.function = function;
        }
    }
}
