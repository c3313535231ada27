/**
 * Ports that well-known official images `EXPOSE` themselves (from their Dockerfiles on Docker Hub), so an image built
 * FROM them inherits the EXPOSE without writing it. Data, not logic: extend the table, not the code.
 */
import type { Stage } from './model';
import { dockerHubRepository, stageLineage } from './model';

interface PortEntry {
  /** Repository name without registry and `library/`. */
  name: RegExp;
  /** When set, the entry applies only to tags matching it. */
  tag?: RegExp;
  ports: string[];
}

const TABLE: PortEntry[] = [
  { name: /^nginx$/, ports: ['80'] },
  { name: /^nginxinc\/nginx-unprivileged$/, ports: ['8080'] },
  { name: /^httpd$/, ports: ['80'] },
  { name: /^(php|wordpress|drupal|nextcloud|joomla|mediawiki|matomo|friendica)$/, tag: /apache/, ports: ['80'] },
  { name: /^(php|wordpress|drupal|nextcloud|joomla|matomo|friendica)$/, tag: /fpm/, ports: ['9000'] },
  // wordpress/drupal/nextcloud/mediawiki/joomla: the default tags are the apache variants.
  { name: /^(wordpress|drupal|nextcloud|joomla|mediawiki)$/, tag: /^(?!.*(fpm|cli))/, ports: ['80'] },
  { name: /^tomcat$/, ports: ['8080'] },
  { name: /^jetty$/, ports: ['8080'] },
  { name: /^caddy$/, ports: ['80', '443', '2019'] },
  { name: /^traefik$/, ports: ['80'] },
  { name: /^ghost$/, ports: ['2368'] },
  { name: /^redis$/, ports: ['6379'] },
  { name: /^postgres$/, ports: ['5432'] },
  { name: /^(mysql|mariadb)$/, ports: ['3306'] },
  { name: /^mongo$/, ports: ['27017'] },
  { name: /^memcached$/, ports: ['11211'] },
  { name: /^rabbitmq$/, ports: ['4369', '5671', '5672', '15691', '15692', '25672'] },
  { name: /^rabbitmq$/, tag: /management/, ports: ['15671', '15672'] },
  { name: /^elasticsearch$/, ports: ['9200', '9300'] },
  // Elastic's own registry (what the official compose examples and docker-elk use).
  { name: /^docker\.elastic\.co\/elasticsearch\/elasticsearch$/, ports: ['9200', '9300'] },
  { name: /^docker\.elastic\.co\/kibana\/kibana$/, ports: ['5601'] },
  { name: /^docker\.elastic\.co\/logstash\/logstash$/, ports: ['5044', '9600'] },
  { name: /^influxdb$/, ports: ['8086'] },
  { name: /^grafana\/grafana(-oss|-enterprise)?$/, ports: ['3000'] },
  { name: /^prom\/prometheus$/, ports: ['9090'] },
  { name: /^jenkins\/jenkins$/, ports: ['8080', '50000'] },
  { name: /^sonarqube$/, ports: ['9000'] },
  { name: /^adminer$/, ports: ['8080'] },
  { name: /^nodered\/node-red$/, ports: ['1880'] },
  // temporalio/docker-builds server.Dockerfile; auto-setup is built FROM server.
  { name: /^temporalio\/(server|auto-setup)$/, ports: ['6933', '6934', '6935', '6939', '7233', '7234', '7235', '7239'] },
];

/**
 * Well-known bases that EXPOSE nothing (language runtimes, distributions, distroless, .NET): an image built on them
 * exposes only what its own Dockerfile says. Any other external base may EXPOSE ports we cannot see.
 */
const EXPOSES_NOTHING: RegExp[] = [
  /^(scratch|alpine|busybox|debian|ubuntu|centos|fedora|rockylinux|almalinux|oraclelinux|amazonlinux|archlinux|opensuse\/leap|photon|clearlinux)$/,
  /^(python|node|golang|rust|ruby|perl|erlang|elixir|haskell|swift|julia|gcc|bash|openjdk|eclipse-temurin|amazoncorretto|ibmjava|ibm-semeru-runtimes|sapmachine|maven|gradle|clojure|groovy|kotlin|dart|r-base|pypy|composer)$/,
  /^(cimg|circleci)\/[a-z0-9-]+$/,
  /^(gcr\.io\/distroless|cgr\.dev\/chainguard)\/[a-z0-9_.-]+$/,
  /^mcr\.microsoft\.com\/dotnet\/(runtime|runtime-deps|aspnet|sdk)$/,
  /^mcr\.microsoft\.com\/(windows\/)?(servercore|nanoserver)$/,
];

/**
 * Whether Dockwright knows what the stage's external base image EXPOSEs: a base of the table above, or one that
 * exposes nothing. False for a base named by a variable (`FROM temporalio/${BASEIMAGE}`) or any other image.
 */
export function baseImagePortsKnown(stage: Stage): boolean {
  const root = stageLineage(stage).pop()!;
  if (root.image.dynamic) return false;
  const name = dockerHubRepository(root.image.name);
  return TABLE.some((entry) => entry.name.test(name)) || EXPOSES_NOTHING.some((re) => re.test(name));
}

/** Ports the stage's external base image exposes, when it is a well-known image; empty when unknown. */
export function baseImagePorts(stage: Stage): string[] {
  const root = stageLineage(stage).pop()!;
  if (root.image.dynamic) return [];
  const name = dockerHubRepository(root.image.name);
  const tag = (root.image.tag ?? 'latest').toLowerCase();
  const out: string[] = [];
  for (const entry of TABLE) if (entry.name.test(name) && (!entry.tag || entry.tag.test(tag))) out.push(...entry.ports);
  return [...new Set(out)];
}
