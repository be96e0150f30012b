import { groupThousands } from '../util/text.js';
/**
 * The demo world: users, projects, roles and team memberships with realistic,
 * deterministic data (setseed), generated inside the server so a million rows
 * take seconds, not a round trip each.
 */
export interface WorldSize {
  users: number;
  projects: number;
}

export function worldSql(size: WorldSize): Array<{ label: string; sql: string }> {
  const memberships = Math.round(size.projects * 0.3);
  return [
    {
      label: 'tables',
      sql: `
DROP TABLE IF EXISTS team_memberships, projects, roles, users CASCADE;
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE roles (
  id integer PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE projects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  title text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE team_memberships (
  project_id bigint NOT NULL REFERENCES projects (id),
  user_id bigint NOT NULL REFERENCES users (id),
  role_id integer NOT NULL REFERENCES roles (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
INSERT INTO roles (id, name) VALUES (1, 'owner'), (2, 'admin'), (3, 'editor'), (4, 'viewer');`,
    },
    {
      label: `${groupThousands(size.users)} users`,
      sql: `
SELECT setseed(0.42);
INSERT INTO users (email, name, is_active, created_at)
SELECT 'user' || g || '@example.com',
       (ARRAY['ada','grace','alan','edsger','barbara','donald','margaret','ken','dennis','linus','radia','frances'])[1 + (g * 7) % 12]
         || ' ' || (ARRAY['lovelace','hopper','turing','dijkstra','liskov','knuth','hamilton','thompson','ritchie','torvalds','perlman','allen','codd'])[1 + (g * 11) % 13],
       random() < 0.9,
       now() - random() * interval '1500 days'
  FROM generate_series(1, ${size.users}) AS g;`,
    },
    {
      label: `${groupThousands(size.projects)} projects`,
      sql: `
SELECT setseed(0.43);
INSERT INTO projects (user_id, title, status, created_at)
SELECT 1 + floor(random() * ${size.users})::bigint,
       'project ' || g,
       CASE WHEN r < 0.80 THEN 'archived' WHEN r < 0.995 THEN 'active' ELSE 'paused' END,
       now() - random() * interval '1500 days'
  FROM (SELECT g, random() AS r FROM generate_series(1, ${size.projects}) AS g) AS s;`,
    },
    {
      label: `${groupThousands(memberships)} team memberships`,
      sql: `
SELECT setseed(0.44);
INSERT INTO team_memberships (project_id, user_id, role_id)
SELECT DISTINCT ON (p, u) p, u, 1 + floor(random() * 4)::int
  FROM (SELECT 1 + floor(random() * ${size.projects})::bigint AS p, 1 + floor(random() * ${size.users})::bigint AS u
          FROM generate_series(1, ${memberships})) AS s
ON CONFLICT DO NOTHING;`,
    },
    { label: 'statistics (VACUUM ANALYZE)', sql: 'VACUUM ANALYZE users, projects, roles, team_memberships;' },
  ];
}
