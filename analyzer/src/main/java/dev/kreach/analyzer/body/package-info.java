/** Function bodies read again on demand for the value tracer; CDT stays behind {@code parse}. */
package dev.kreach.analyzer.body;
