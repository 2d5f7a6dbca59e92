package dev.kreach.analyzer.facts;

/**
 * One place a body names a structure field ({@code req->r_new_inode}), and what the code does there with the
 * field's value, so that a reader can account for every use of a field, not only the ones other facts keep:
 * <ul>
 * <li>{@link Kind#STORE}: the field is assigned ({@code site} is the assignment's, as its {@link Store}'s);</li>
 * <li>{@link Kind#ARGUMENT}: the field, its address, or a path through it is argument {@code argument} (0-based)
 * of the call at {@code site};</li>
 * <li>{@link Kind#TEST}: the value is only compared, tested for truth, or measured ({@code sizeof});</li>
 * <li>{@link Kind#OTHER}: anything else — copied into a variable, returned, used in arithmetic — where the value
 * may go somewhere no fact follows.</li>
 * </ul>
 * {@code through}: the use is of a path past the field ({@code req->r_new_inode->i_mode}), not of the field itself.
 */
public record FieldUse(String field, Kind kind, Position site, int argument, boolean through) {
    public enum Kind { STORE, ARGUMENT, TEST, OTHER }
}
