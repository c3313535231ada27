import { splitImage } from '../dockerfile/model';

/** Data tables about well-known images and variables. Extend here, not in the rules. */

export type InfraKind = 'database' | 'cache' | 'broker' | 'search' | 'storage';

interface InfraImage {
  pattern: RegExp;
  kind: InfraKind;
  port: number;
  /** Where the image keeps its data, for a named volume. */
  dataDir?: string;
  /** Healthcheck test for this image; `env` holds the service's literal environment. */
  healthcheck?: (env: Record<string, string | undefined>) => string[];
  /** Programs the image ships that healthchecks use. */
  tools: string[];
  /** Connection URL schemes that point at it. */
  schemes: string[];
}

const INFRA: InfraImage[] = [
  { pattern: /(^|\/)(postgres|postgis|timescaledb(-ha)?|pgvector)$/, kind: 'database', port: 5432, dataDir: '/var/lib/postgresql/data', healthcheck: (env) => ['CMD-SHELL', `pg_isready -U ${literal(env.POSTGRES_USER) ?? 'postgres'}`], tools: ['pg_isready', 'psql', 'sh', 'bash'], schemes: ['postgres', 'postgresql'] },
  { pattern: /(^|\/)(mysql|percona)$/, kind: 'database', port: 3306, dataDir: '/var/lib/mysql', healthcheck: () => ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1'], tools: ['mysqladmin', 'mysql', 'sh', 'bash'], schemes: ['mysql'] },
  { pattern: /(^|\/)mariadb$/, kind: 'database', port: 3306, dataDir: '/var/lib/mysql', healthcheck: () => ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'], tools: ['healthcheck.sh', 'mariadb', 'sh', 'bash'], schemes: ['mysql', 'mariadb'] },
  { pattern: /(^|\/)(mongo|mongodb-community-server)$/, kind: 'database', port: 27017, dataDir: '/data/db', healthcheck: () => ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"], tools: ['mongosh', 'sh', 'bash'], schemes: ['mongodb'] },
  { pattern: /(^|\/)(redis|redis-stack-server|keydb)$/, kind: 'cache', port: 6379, dataDir: '/data', healthcheck: () => ['CMD', 'redis-cli', 'ping'], tools: ['redis-cli', 'sh'], schemes: ['redis', 'rediss'] },
  { pattern: /(^|\/)valkey$/, kind: 'cache', port: 6379, dataDir: '/data', healthcheck: () => ['CMD', 'valkey-cli', 'ping'], tools: ['valkey-cli', 'redis-cli', 'sh'], schemes: ['redis', 'valkey'] },
  { pattern: /(^|\/)memcached$/, kind: 'cache', port: 11211, tools: ['sh'], schemes: ['memcached'] },
  { pattern: /(^|\/)rabbitmq$/, kind: 'broker', port: 5672, dataDir: '/var/lib/rabbitmq', healthcheck: () => ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'], tools: ['rabbitmq-diagnostics', 'rabbitmqctl', 'sh'], schemes: ['amqp', 'amqps'] },
  { pattern: /(^|\/)nats$/, kind: 'broker', port: 4222, tools: [], schemes: ['nats'] },
  { pattern: /(^|\/)(kafka|cp-kafka|redpanda)$/, kind: 'broker', port: 9092, tools: ['sh'], schemes: ['kafka'] },
  { pattern: /(^|\/)(eclipse-)?mosquitto$/, kind: 'broker', port: 1883, dataDir: '/mosquitto/data', tools: ['sh'], schemes: ['mqtt'] },
  { pattern: /(^|\/)(elasticsearch|opensearch)$/, kind: 'search', port: 9200, dataDir: '/usr/share/elasticsearch/data', healthcheck: () => ['CMD-SHELL', 'curl -fsS http://127.0.0.1:9200/_cluster/health || exit 1'], tools: ['curl', 'sh', 'bash'], schemes: ['http'] },
  { pattern: /(^|\/)(meilisearch)$/, kind: 'search', port: 7700, dataDir: '/meili_data', tools: ['curl', 'sh'], schemes: ['http'] },
  { pattern: /(^|\/)minio$/, kind: 'storage', port: 9000, dataDir: '/data', tools: ['curl', 'mc', 'sh'], schemes: ['s3', 'http'] },
];

function literal(value: string | undefined): string | undefined {
  return value && !value.includes('$') ? value : undefined;
}

export function infraImage(image: string | undefined): InfraImage | undefined {
  if (!image || image.includes('${')) return undefined;
  const { name } = splitImage(image.toLowerCase());
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  return INFRA.find((i) => i.pattern.test(short));
}

export function infraKind(image: string | undefined): InfraKind | undefined {
  return infraImage(image)?.kind;
}

/** Databases and caches (DW205 is about data services whose ports should stay private). */
export function isDataService(image: string | undefined): boolean {
  const kind = infraKind(image);
  return kind === 'database' || kind === 'cache' || kind === 'broker' || kind === 'search';
}

const SECRET_NAME = /(^|_)(SECRET|SECRETS|TOKEN|PASSWORD|PASSWD|PASS|PWD|API_?KEY|PRIVATE_KEY|ACCESS_KEY|SECRET_KEY|CREDENTIALS?|SALT)(_|$)/i;
const NOT_SECRET = /_(FILE|PATH|DIR|URL_FILE|LENGTH|TTL|EXPIRY|EXPIRES(_IN)?|ALGORITHM|ALG|ISSUER|AUDIENCE|HEADER|METHOD|POLICY|MIN_LENGTH)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

export interface DebugSetting {
  /** A production value to set, or undefined when the variable should just go. */
  production?: string;
}

/** Whether `NAME=value` turns on debug behaviour, and what the production setting is. */
export function debugSetting(name: string, value: string | undefined): DebugSetting | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  const upper = name.toUpperCase();
  const truthy = ['1', 'true', 'yes', 'on'].includes(v);
  if ((upper === 'DEBUG' || upper.endsWith('_DEBUG')) && truthy) return {};
  if (/^(NODE_ENV|RAILS_ENV|RACK_ENV|APP_ENV|FLASK_ENV|ENVIRONMENT|ENV|MIX_ENV)$/.test(upper) && ['development', 'dev', 'local'].includes(v)) return { production: upper === 'MIX_ENV' ? 'prod' : 'production' };
  if (upper === 'ASPNETCORE_ENVIRONMENT' && v === 'development') return { production: 'Production' };
  if (upper === 'GIN_MODE' && v === 'debug') return { production: 'release' };
  if (upper === 'SPRING_PROFILES_ACTIVE' && ['dev', 'development', 'local'].includes(v)) return { production: 'prod' };
  return undefined;
}

export function isProdProfile(name: string): boolean {
  return /^(prod|production|live|release)$/i.test(name);
}

/**
 * Whether a tool is in an image, judged from its base distribution, its installs and well-known images.
 * Undefined when we cannot tell.
 */
export function baseImageTools(image: string): Set<string> | undefined {
  const infra = infraImage(image);
  if (infra) return new Set(infra.tools);
  return undefined;
}

export const BUSYBOX_TOOLS = new Set(['sh', 'wget', 'nc', 'ps', 'pgrep', 'cat', 'test', 'true', 'grep', 'ls', 'stat', 'timeout']);
export const COREUTILS_TOOLS = new Set(['sh', 'bash', 'cat', 'test', 'true', 'grep', 'ls', 'stat', 'timeout', 'pgrep']);

/** Developer tools that belong in dev only (database UIs, mail catchers). */
const DEV_TOOLS = /(^|\/)(adminer|phpmyadmin|pgadmin4|mongo-express|redis-commander|redisinsight|mailhog|mailpit|mailcatcher|smtp4dev|kafka-ui|kafdrop)$/;

export function isDevTool(image: string | undefined): boolean {
  if (!image || image.includes('${')) return false;
  return DEV_TOOLS.test(splitImage(image.toLowerCase()).name);
}
