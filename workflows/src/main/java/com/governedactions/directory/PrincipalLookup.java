package com.governedactions.directory;

public record PrincipalLookup(String principalId) {}
