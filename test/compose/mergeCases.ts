/**
 * Merge and interpolation table: each case is a small project (files, `.env`, the `-f` list) that the engine suite
 * feeds to the real `docker compose config` (v2) and `docker-compose config` (v1), and the unit suite compares with
 * the recorded v2 output in test/fixtures/compose-config/<name>.json.
 */
export interface MergeCase {
  name: string;
  files: Record<string, string>;
  /** `-f` files in order; omitted: Compose's default discovery (compose.yaml + compose.override.yaml). */
  composeFiles?: string[];
  /** Why docker-compose v1 (1.29) is not compared, when it does not support a feature the case uses. */
  v1Unsupported?: string;
}

const svc = (body: string) => `services:\n${body}`;

export const MERGE_CASES: MergeCase[] = [
  {
    name: 'mappings-merge-scalars-override',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    restart: always\n    labels:\n      k1: v1\n      k2: v2\n'),
      'compose.override.yaml': svc('  web:\n    image: b\n    labels:\n      k2: V\n      k3: v3\n'),
    },
  },
  {
    name: 'sequences-append',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    dns:\n      - 1.1.1.1\n    cap_add: [NET_ADMIN]\n'),
      'compose.override.yaml': svc('  web:\n    dns:\n      - 8.8.8.8\n    cap_add: [SYS_TIME]\n'),
    },
  },
  {
    name: 'command-entrypoint-replaced',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    command: ["echo", "foo"]\n    entrypoint: /bin/sh -c\n  worker:\n    image: a\n    command: run --fast\n'),
      'compose.override.yaml': svc('  web:\n    command: ["echo", "bar"]\n    entrypoint: ["/bin/bash"]\n  worker:\n    command: ["run", "--slow"]\n'),
    },
  },
  {
    name: 'healthcheck-test-replaced',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost"]\n      interval: 5s\n      retries: 3\n'),
      'compose.override.yaml': svc('  web:\n    healthcheck:\n      test: wget -qO- http://localhost\n      retries: 5\n'),
    },
  },
  {
    name: 'volumes-unique-by-target',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    volumes:\n      - foo:/work\n      - logs:/logs\n      - ./src:/src\nvolumes:\n  foo:\n  logs:\n'),
      'compose.override.yaml': svc('  web:\n    volumes:\n      - bar:/work\n      - type: bind\n        source: ./other\n        target: /src\n        read_only: true\n      - /cache\nvolumes:\n  bar:\n'),
    },
  },
  {
    name: 'ports-merge',
    v1Unsupported: 'v1 rejects host_ip in long-syntax ports',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    ports: ["8080:80", "127.0.0.1:9000:9000/udp"]\n'),
      'compose.override.yaml': svc('  web:\n    ports:\n      - "8080:80"\n      - "8443:443"\n      - target: 9000\n        published: "9000"\n        host_ip: 127.0.0.1\n        protocol: udp\n'),
    },
  },
  {
    name: 'environment-list-and-map',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    environment:\n      - A=1\n      - B=2\n      - EMPTY\n'),
      'compose.override.yaml': svc('  web:\n    environment:\n      B: 3\n      C: "4"\n      D:\n'),
    },
  },
  {
    name: 'depends-on-short-and-long',
    v1Unsupported: 'v1 rejects depends_on.restart',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    depends_on: [db]\n  db:\n    image: postgres\n  cache:\n    image: redis\n'),
      'compose.override.yaml': svc('  web:\n    depends_on:\n      cache:\n        condition: service_healthy\n        restart: true\n'),
    },
  },
  {
    name: 'depends-on-required-false',
    v1Unsupported: 'depends_on.required is compose-spec 2.20+; v1 rejects the key',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_started\n        required: false\n  db:\n    image: postgres\n    profiles: [infra]\n'),
    },
  },
  {
    name: 'build-string-then-mapping',
    files: {
      'app/Dockerfile.prod': 'FROM scratch\n',
      'compose.yaml': svc('  web:\n    build: ./app\n'),
      'compose.override.yaml': svc('  web:\n    build:\n      dockerfile: Dockerfile.prod\n      target: prod\n      args: [X=1]\n'),
    },
  },
  {
    name: 'build-args-merge',
    files: {
      'app/Dockerfile': 'FROM scratch\n',
      'compose.yaml': svc('  web:\n    build:\n      context: app\n      args:\n        A: "1"\n        B: "2"\n'),
      'compose.override.yaml': svc('  web:\n    build:\n      args:\n        - B=3\n        - C=4\n'),
    },
  },
  {
    name: 'reset-tag',
    v1Unsupported: '!reset is compose-spec (2.18+)',
    files: {
      'compose.yaml': svc('  app:\n    image: myapp\n    ports:\n      - "8080:80"\n    environment:\n      FOO: BAR\n      KEEP: yes\n    dns: [1.1.1.1]\n'),
      'compose.override.yaml': svc('  app:\n    ports: !reset []\n    environment:\n      FOO: !reset null\n    dns: !reset\n'),
    },
  },
  {
    name: 'override-tag',
    v1Unsupported: '!override is compose-spec (2.24+)',
    files: {
      'compose.yaml': svc('  app:\n    image: myapp\n    ports:\n      - "8080:80"\n    environment:\n      A: "1"\n'),
      'compose.override.yaml': svc('  app:\n    ports: !override\n      - "8443:443"\n    environment: !override\n      B: "2"\n'),
    },
  },
  {
    name: 'profiles-merge',
    files: {
      'compose.yaml': svc('  a:\n    image: a\n    profiles: [dev]\n  b:\n    image: b\n    profiles: [dev]\n'),
      'compose.override.yaml': svc('  a:\n    profiles: [dev, prod]\n  b:\n    profiles: [prod]\n'),
    },
  },
  {
    name: 'anchors-and-merge-keys',
    files: {
      'compose.yaml':
        'x-common: &common\n  restart: unless-stopped\n  environment:\n    LOG: info\n  labels:\n    team: core\nx-img: &img alpine:3\nservices:\n  a:\n    <<: *common\n    image: *img\n  b:\n    <<: *common\n    image: *img\n    environment:\n      LOG: debug\n',
      'compose.override.yaml': svc('  a:\n    environment:\n      EXTRA: "1"\n'),
    },
  },
  {
    name: 'explicit-files',
    composeFiles: ['compose.yaml', 'compose.prod.yaml'],
    files: {
      'compose.yaml': svc('  web:\n    image: web:dev\n    ports: ["3000:3000"]\n    environment:\n      MODE: dev\n'),
      'compose.override.yaml': svc('  web:\n    environment:\n      IGNORED: "because -f is explicit"\n'),
      'compose.prod.yaml': svc('  web:\n    image: web:prod\n    environment:\n      MODE: prod\n    restart: always\n'),
    },
  },
  {
    name: 'legacy-file-names',
    files: {
      'docker-compose.yml': svc('  web:\n    image: a\n    environment:\n      A: "1"\n'),
      'docker-compose.override.yml': svc('  web:\n    environment:\n      B: "2"\n'),
    },
  },
  {
    name: 'interpolation-dotenv',
    files: {
      '.env': 'TAG=1.2\nEMPTY=\nQUOTED="a b"\n# comment\nexport EXPORTED=yes\nPORT=8080\n',
      'compose.yaml': svc(
        '  web:\n    image: "web:${TAG}"\n    ports: ["${PORT}:80"]\n    environment:\n      A: ${TAG:-def}\n      B: ${EMPTY:-def}\n      C: ${EMPTY-def}\n      D: ${UNSET-def}\n      G: $$TAG\n      I: ${QUOTED}\n      J: $EXPORTED\n      K: pre-${TAG}-post\n',
      ),
    },
  },
  {
    name: 'interpolation-alternative-and-nested',
    v1Unsupported: 'v1 has no ${VAR:+alt} / ${VAR+alt} and no nested defaults',
    files: {
      '.env': 'SET=x\nEMPTY=\n',
      'compose.yaml': svc('  web:\n    image: a\n    environment:\n      A: ${SET:+alt}\n      B: ${EMPTY:+alt}\n      C: ${EMPTY+alt}\n      D: ${UNSET+alt}\n      E: ${SET:+${SET}-${SET}}\n      F: ${UNSET:-${SET}}\n      G: ${UNSET:-${ALSO_UNSET:-deep}}\n'),
    },
  },
  {
    name: 'valueless-environment-and-args-from-dotenv',
    v1Unsupported: 'v1 keeps an unset build arg as an empty string; v2 drops it (we follow v2)',
    files: {
      '.env': 'C=from-dotenv\nY=y-dotenv\n',
      'app/Dockerfile': 'FROM scratch\n',
      'e1.env': 'E=1\nC=from-env-file\n',
      'compose.yaml': svc('  web:\n    build:\n      context: app\n      args: [Y, Z]\n    environment: [C, D]\n    env_file: [e1.env]\n  api:\n    image: a\n    environment:\n      C:\n      D:\n'),
    },
  },
  {
    name: 'interpolation-per-file-then-merge',
    files: {
      '.env': 'BASE=base-value\nOVER=over-value\n',
      'compose.yaml': svc('  web:\n    image: "a:${BASE}"\n    labels:\n      l: ${BASE}\n'),
      'compose.override.yaml': svc('  web:\n    labels:\n      l: ${OVER}\n      m: $${LITERAL}\n'),
    },
  },
  {
    name: 'env-file-secrets-configs-networks',
    v1Unsupported: 'v1 merges service secrets by source, v2 by target (we follow v2)',
    files: {
      'web.env': 'X=1\n',
      'more.env': 'Y=2\n',
      'secret.txt': 's3cret\n',
      'compose.yaml': svc('  web:\n    image: a\n    env_file: web.env\n    secrets: [db_password]\n    networks: [front]\nsecrets:\n  db_password:\n    file: ./secret.txt\nnetworks:\n  front:\n  back:\n'),
      'compose.override.yaml': svc('  web:\n    env_file: [more.env]\n    secrets:\n      - source: db_password\n        target: /run/secrets/pw\n    networks:\n      back:\n        aliases: [api]\n'),
    },
  },
  {
    name: 'extra-hosts-labels-list',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    extra_hosts: ["somehost:162.242.195.82"]\n    labels: ["a=1", "b=2"]\n'),
      'compose.override.yaml': svc('  web:\n    extra_hosts:\n      - "otherhost:50.31.209.229"\n    labels:\n      b: "3"\n'),
    },
  },
  {
    name: 'expose-and-ulimits',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    expose: ["3000", 4000]\n    ulimits:\n      nofile:\n        soft: 1024\n        hard: 2048\n'),
      'compose.override.yaml': svc('  web:\n    expose: ["5000"]\n    ulimits:\n      nofile:\n        soft: 4096\n        hard: 8192\n      nproc: 65535\n'),
    },
  },
  {
    name: 'include',
    v1Unsupported: 'include is compose-spec (2.20+)',
    files: {
      'lib/app/Dockerfile': 'FROM scratch\n',
      'lib/data.env': 'LIB=1\n',
      'lib/compose.yaml': svc('  db:\n    image: postgres:16\n    env_file: data.env\n    volumes:\n      - ./init:/docker-entrypoint-initdb.d\n  api:\n    build: ./app\n'),
      'compose.yaml': 'include:\n  - lib/compose.yaml\n' + svc('  web:\n    image: web\n    depends_on: [db, api]\n'),
    },
  },
  {
    name: 'extends-same-file',
    files: {
      'compose.yaml': svc(
        '  base:\n    image: base:1\n    environment:\n      A: "1"\n      B: "1"\n    ports: ["8080:80"]\n    command: ["base"]\n    volumes: ["data:/data"]\n  web:\n    extends: base\n    environment:\n      B: "2"\n    ports: ["8443:443"]\n    command: ["web"]\n  worker:\n    extends:\n      service: web\n    image: worker:1\nvolumes:\n  data:\n',
      ),
    },
  },
  {
    name: 'extends-other-file',
    files: {
      'common/app/Dockerfile': 'FROM scratch\n',
      'common/app.env': 'FROM_COMMON=1\n',
      'common/services.yaml': svc('  app:\n    build: ./app\n    environment:\n      - SHARED=1\n    volumes: ["./conf:/etc/app:ro"]\n    env_file: app.env\n    labels:\n      from: common\n  db:\n    image: postgres\n'),
      'compose.yaml': svc('  web:\n    extends:\n      file: common/services.yaml\n      service: app\n    environment:\n      OWN: "2"\n    labels:\n      own: "1"\n  db:\n    image: postgres:16\n'),
    },
  },
  {
    name: 'extends-copies-depends-on',
    v1Unsupported: 'v1 refuses to extend a service that has depends_on',
    files: {
      'compose.yaml': svc('  db:\n    image: postgres\n  base:\n    image: base\n    depends_on: [db]\n  web:\n    extends: base\n    depends_on:\n      cache:\n        condition: service_started\n  cache:\n    image: redis\n'),
    },
  },
  {
    name: 'extends-chain-across-files',
    files: {
      'a/b/deep.yaml': svc('  root:\n    image: root\n    volumes: ["./deep-data:/d"]\n    environment:\n      LEVEL: deep\n'),
      'a/mid.yaml': svc('  mid:\n    extends:\n      file: b/deep.yaml\n      service: root\n    environment:\n      MID: "1"\n'),
      'compose.yaml': svc('  top:\n    extends:\n      file: a/mid.yaml\n      service: mid\n    environment:\n      LEVEL: top\n'),
    },
  },
  {
    name: 'extends-then-override-file',
    files: {
      'compose.yaml': svc('  base:\n    image: base\n    environment:\n      A: "1"\n  web:\n    extends: base\n    environment:\n      W: "1"\n'),
      'compose.override.yaml': svc('  base:\n    environment:\n      A: "override"\n  web:\n    environment:\n      W: "2"\n'),
    },
  },
  {
    name: 'string-or-list-attributes',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    dns: 1.1.1.1\n    tmpfs: /run\n    dns_search: example.com\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres\n  cache:\n    image: redis\n'),
      'compose.override.yaml': svc('  web:\n    dns: [8.8.8.8]\n    tmpfs: [/tmp]\n    dns_search: [other.com]\n    depends_on: [cache, db]\n'),
    },
  },
  {
    name: 'reset-command-and-build',
    v1Unsupported: '!reset is compose-spec (2.18+)',
    files: {
      'app/Dockerfile': 'FROM scratch\n',
      'compose.yaml': svc('  web:\n    build: ./app\n    image: web\n    command: ["serve"]\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 5s\n'),
      'compose.override.yaml': svc('  web:\n    build: !reset null\n    command: !reset null\n    healthcheck:\n      disable: true\n'),
    },
  },
  {
    name: 'include-with-own-dotenv',
    v1Unsupported: 'include is compose-spec (2.20+)',
    files: {
      '.env': 'TAG=root\n',
      'sub/.env': 'TAG=sub\nSUBONLY=s\n',
      'sub/compose.override.yaml': svc('  db:\n    image: not-picked-up-by-include\n'),
      'sub/compose.yaml': svc('  db:\n    image: "db:${TAG}"\n    environment:\n      S: ${SUBONLY:-none}\n'),
      'compose.yaml': 'include:\n  - path: sub/compose.yaml\n' + svc('  web:\n    image: "web:${TAG}"\n'),
    },
  },
  {
    name: 'scalar-types-in-environment-and-labels',
    v1Unsupported: 'v1 rejects booleans in environment',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    environment:\n      BOOL: true\n      FLOAT: 1.0\n      VERSION: 1.10\n      OCTAL: 0o17\n      HEX: 0x1F\n      YES: yes\n      BIG: 12345678901234567890\n      NULLISH: ~\n      EXP: 1e3\n    labels:\n      n: 5\n      f: 2.50\n'),
    },
  },
  {
    name: 'dotenv-syntax',
    files: {
      '.env': "A=1\nB=${A}-x\nC='single $A'\nD=\"double\\nline\"\nE=value # comment\nF=\"quoted\" # comment\nG = spaced\nH=\nexport I=exported\nJ=a=b\n",
      'compose.yaml': svc('  web:\n    image: a\n    environment:\n      A: $A\n      B: $B\n      C: $C\n      D: $D\n      E: $E\n      F: $F\n      G: $G\n      H: $H\n      I: $I\n      J: $J\n      K: "x$${A}y"\n      L: "a$A-b"\n'),
    },
  },
  {
    name: 'extends-profiles-and-reset',
    v1Unsupported: '!reset is compose-spec (2.18+)',
    files: {
      'compose.yaml': svc('  base:\n    image: base\n    profiles: [dev]\n    ports: ["80:80"]\n    healthcheck:\n      test: ["CMD", "true"]\n  web:\n    extends: base\n    ports: !reset []\n    profiles: [prod]\n  other:\n    extends: base\n'),
    },
  },
  {
    name: 'secrets-configs-same-target',
    v1Unsupported: 'v1 merges service secrets by source, v2 by target (we follow v2)',
    files: {
      's1.txt': 'a\n',
      's2.txt': 'b\n',
      'compose.yaml': svc('  web:\n    image: a\n    secrets: [one]\n    configs:\n      - source: c1\n        target: /etc/c\nsecrets:\n  one:\n    file: ./s1.txt\n  two:\n    file: ./s2.txt\nconfigs:\n  c1:\n    file: ./s1.txt\n  c2:\n    file: ./s2.txt\n'),
      'compose.override.yaml': svc('  web:\n    secrets:\n      - source: two\n        target: one\n    configs:\n      - source: c2\n        target: /etc/c\n'),
    },
  },
  {
    name: 'duplicate-sequence-entries',
    v1Unsupported: 'v1 keeps duplicate dns entries and sorts ports (we follow v2)',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    cap_add: [NET_ADMIN, SYS_TIME]\n    dns: [1.1.1.1]\n    expose: ["80"]\n    ports: ["3000-3001:3000-3001", "80"]\n    networks:\n      back:\n        aliases: [a]\nnetworks:\n  back:\n'),
      'compose.override.yaml': svc('  web:\n    cap_add: [NET_ADMIN]\n    dns: [1.1.1.1, 8.8.8.8]\n    expose: ["80", "81"]\n    ports: ["3001:3001", "80"]\n    networks:\n      back:\n        aliases: [b]\n'),
    },
  },
  {
    name: 'deploy-and-logging-nested',
    v1Unsupported: 'v1 has no deploy.resources.limits.pids',
    files: {
      'compose.yaml': svc('  web:\n    image: a\n    deploy:\n      replicas: 2\n      resources:\n        limits:\n          cpus: "0.5"\n          pids: 10\n      labels:\n        a: "1"\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n'),
      'compose.override.yaml': svc('  web:\n    deploy:\n      resources:\n        limits:\n          pids: 20\n      labels:\n        b: "2"\n    logging:\n      options:\n        max-file: "3"\n'),
    },
  },
  {
    name: 'include-long-syntax',
    v1Unsupported: 'include is compose-spec (2.20+)',
    files: {
      'app/Dockerfile': 'FROM scratch\n',
      'sub/app/Dockerfile': 'FROM scratch\n',
      'sub/.env': 'TAG=sub-dotenv-not-read\n',
      'other/vars.env': 'TAG=from-env-file\nX=x1\n',
      'sub/compose.yaml': svc('  db:\n    image: "db:${TAG}"\n    build: ./app\n'),
      'sub/extra.yaml': svc('  db:\n    environment:\n      X: "${X}"\n'),
      'compose.yaml': 'include:\n  - path: [sub/compose.yaml, sub/extra.yaml]\n    project_directory: .\n    env_file: other/vars.env\n' + svc('  web:\n    image: w\n'),
    },
  },
];

/** Every example repository's compose project, and the profile-wiring goldens put in place of the example's file. */
export function exampleCases(): MergeCase[] {
  // Loaded lazily with node:fs so the table above stays plain data.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const repo = path.resolve(__dirname, '../..');
  const filesOf = (dir: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (rel: string) => {
      for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else if (entry.isFile()) out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
      }
    };
    walk('');
    return out;
  };
  const cases: MergeCase[] = [];
  for (const name of fs.readdirSync(path.join(repo, 'examples')).sort()) {
    const files = filesOf(path.join(repo, 'examples', name));
    if (!['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'].some((f) => files[f] !== undefined)) continue;
    cases.push({ name: `example-${name}`, files });
  }
  const goldens: [string, string, string][] = [
    ['photos', 'docker-compose.yml', 'photos.twins.yml'],
    ['photos', 'docker-compose.yml', 'photos.shared.yml'],
    ['node-mongo', 'docker-compose.yml', 'node-mongo.twins.yml'],
    ['python-rabbitmq', 'compose.yaml', 'python-rabbitmq.twins.yml'],
  ];
  for (const [example, file, golden] of goldens) {
    const files = filesOf(path.join(repo, 'examples', example));
    const text = fs.readFileSync(path.join(repo, 'test/golden/profiles', golden), 'utf8');
    files[file] = text;
    // The env files the wiring creates next to the compose file (`<golden>.created/`).
    const created = path.join(repo, 'test/golden/profiles', golden.replace(/\.yml$/, '.created'));
    if (fs.existsSync(created)) {
      for (const f of fs.readdirSync(created, { recursive: true }) as string[]) {
        const full = path.join(created, f);
        if (fs.statSync(full).isFile()) files[path.posix.join(path.posix.dirname(file), f.split(path.sep).join('/')).replace(/^\.\//, '')] = fs.readFileSync(full, 'utf8');
      }
    }
    // The wiring makes secrets required (`${VAR:?…}`): set them in `.env`, as a user has to.
    const required = [...new Set([...Object.values(files).join('\n').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):\?/g)].map((m) => m[1]))];
    const envFile = path.posix.join(path.posix.dirname(file), '.env').replace(/^\.\//, '');
    files[envFile] = (files[envFile] ?? '') + required.map((v) => `${v}=set-in-dotenv\n`).join('');
    cases.push({ name: `golden-${golden.replace(/\.yml$/, '')}`, files });
  }
  return cases;
}
