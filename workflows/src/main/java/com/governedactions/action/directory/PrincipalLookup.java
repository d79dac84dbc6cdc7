package com.governedactions.action.directory;

public record PrincipalLookup(String principalId) {}
