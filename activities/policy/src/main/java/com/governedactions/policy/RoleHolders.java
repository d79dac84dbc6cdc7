package com.governedactions.policy;

import com.governedactions.action.directory.PrincipalInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who holds which role, as a policy being saved is checked against it: the roles it may name, and
 * how many people could ever give the approvals a tier asks for.
 *
 * @param roles every role some configured principal holds (people and service clients alike)
 * @param peopleByRole per role, the people (human principals) who hold it: only people approve
 */
record RoleHolders(Set<String> roles, Map<String, Set<String>> peopleByRole) {
  public RoleHolders {
    roles = Set.copyOf(roles);
    peopleByRole = Map.copyOf(peopleByRole);
  }

  public static RoleHolders of(Collection<PrincipalInfo> principals) {
    Set<String> roles = new TreeSet<>();
    Map<String, Set<String>> people = new TreeMap<>();
    for (PrincipalInfo principal : principals) {
      roles.addAll(principal.roles());
      if (principal.human()) {
        principal.roles().forEach(role -> people.computeIfAbsent(role, r -> new TreeSet<>()).add(principal.id()));
      }
    }
    people.replaceAll((role, ids) -> Set.copyOf(ids));
    return new RoleHolders(roles, people);
  }

  /** The people who hold at least one of {@code anyOf}, sorted. */
  public Set<String> people(Collection<String> anyOf) {
    Set<String> ids = new TreeSet<>();
    anyOf.forEach(role -> ids.addAll(peopleByRole.getOrDefault(role, Set.of())));
    return ids;
  }

  /** A directory given as the people who hold each role, for tests. */
  static RoleHolders ofPeople(Map<String, List<String>> peopleByRole) {
    Map<String, Set<String>> people = new TreeMap<>();
    peopleByRole.forEach((role, ids) -> people.put(role, Set.copyOf(ids)));
    return new RoleHolders(people.keySet(), people);
  }
}
