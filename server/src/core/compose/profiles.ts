/** Compose profile semantics (compose-spec "Profiles"), on any service view that has profiles and depends_on. */

export interface ProfiledService {
  name: string;
  profiles: string[];
  dependsOn: { name: string; required: boolean }[];
}

export interface MissingDependency {
  service: string;
  dependency: string;
  required: boolean;
  /** True when the dependency is not defined at all (as opposed to disabled by profiles). */
  undefinedService: boolean;
}

export interface ProfileSelection {
  /** Services that start, in definition order. */
  services: string[];
  /** The active profiles after explicitly targeted services added theirs. */
  activeProfiles: string[];
  /** depends_on edges that point at a service that does not start. */
  missing: MissingDependency[];
}

export type ServiceSet = Map<string, ProfiledService> | ProfiledService[];

function asMap(services: ServiceSet): Map<string, ProfiledService> {
  return services instanceof Map ? services : new Map(services.map((s) => [s.name, s]));
}

export function isEnabled(service: ProfiledService, active: ReadonlySet<string>): boolean {
  return service.profiles.length === 0 || active.has('*') || service.profiles.some((p) => active.has(p));
}

/**
 * The services `docker compose --profile … up [targets]` starts. Services without profiles are always enabled;
 * a profiled service only when one of its profiles is active or it is targeted (which activates its profiles).
 * With targets, only they and their enabled dependencies start. A dependency that is not enabled is never pulled
 * in: it is reported as missing (an error for Compose unless `required: false`).
 */
export function enabledServices(services: ServiceSet, activeProfiles: Iterable<string>, targets: string[] = []): ProfileSelection {
  const all = asMap(services);
  const active = new Set(activeProfiles);
  for (const t of targets) for (const p of all.get(t)?.profiles ?? []) active.add(p);
  const enabled = new Set([...all.values()].filter((s) => isEnabled(s, active) || targets.includes(s.name)).map((s) => s.name));
  let selected: Set<string>;
  if (targets.length === 0) selected = enabled;
  else {
    selected = new Set();
    const queue = targets.filter((t) => all.has(t));
    while (queue.length) {
      const name = queue.shift()!;
      if (selected.has(name)) continue;
      selected.add(name);
      for (const d of all.get(name)?.dependsOn ?? []) if (enabled.has(d.name) && !selected.has(d.name)) queue.push(d.name);
    }
  }
  const missing: MissingDependency[] = [];
  for (const name of selected) {
    for (const d of all.get(name)?.dependsOn ?? []) {
      if (!enabled.has(d.name)) missing.push({ service: name, dependency: d.name, required: d.required, undefinedService: !all.has(d.name) });
    }
  }
  return { services: [...all.keys()].filter((n) => selected.has(n)), activeProfiles: [...active].sort(), missing };
}

/** Every profile name used by the services, sorted. */
export function profileNames(services: ServiceSet): string[] {
  return [...new Set([...asMap(services).values()].flatMap((s) => s.profiles))].sort();
}

/**
 * The profile sets worth checking: none, and each profile alone. Adding profiles only enables more services, so a
 * dependency missing under any set is already missing under one of these.
 */
export function profileSets(services: ServiceSet): string[][] {
  return [[], ...profileNames(services).map((p) => [p])];
}

/** Profile sets under which a service is enabled (from `profileSets`). */
export function setsEnabling(service: ProfiledService, sets: string[][]): string[][] {
  return sets.filter((s) => isEnabled(service, new Set(s)));
}
