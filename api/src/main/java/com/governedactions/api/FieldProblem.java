package com.governedactions.api;

/**
 * One thing wrong with a request, in the {@code errors} list of a problem response.
 *
 * @param field where, as a dotted path into the JSON body or the name of a query parameter
 * @param detail what is wrong and what to send instead
 */
public record FieldProblem(String field, String detail) {}
