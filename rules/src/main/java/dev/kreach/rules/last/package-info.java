/**
 * Whether a flagged put can drop the last reference: each reasoner is one kind of evidence that another reference
 * is held across the put, or that the object cannot have anything to wait for; a put no reasoner speaks for may be
 * the last. Kernel knowledge (which calls take a reference) comes from the rule pack.
 */
package dev.kreach.rules.last;
