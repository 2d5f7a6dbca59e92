package dev.kreach.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's metadata, on the rule's own class, as Error Prone's {@code @BugPattern}: every output format reads it
 * from {@link RuleRegistry}, none repeats it. The rule's logic (sinks, contexts, deferrals) is in the rule pack.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KreachRule {
    /** Stable id, {@code kreach/...}: findings, suppressions and SARIF results refer to it. */
    String id();

    /** CamelCase name, as SARIF's reportingDescriptor.name wants. */
    String name();

    /** One sentence. */
    String summary();

    /** A paragraph: what is found and why it matters. */
    String description();

    /** The warning text; {@code {sink}} is replaced by the sink function's name. */
    String message();

    /** Class-path resource (next to the class) with the help in Markdown; the text help is derived from it. */
    String helpMarkdown();

    Level level() default Level.WARNING;

    String[] tags() default {};

    Precision precision();
}
