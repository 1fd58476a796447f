#!/usr/bin/env node
// A stand-in for `medrisk serve --demo` that implements only the contract the web app uses today
// (api/openapi.json + issue 3), so the browser suite and `npm run dev` can run before — or without —
// the C++ server: MEDRISK_BINARY=tests/contract-server.mjs npm run test:browser.
// It is a test double, not a reference: where it and the real server differ, the real server wins.
import { createServer } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
if (!args.includes('serve')) {
  console.error('usage: contract-server.mjs [--db sqlite:PATH] [--keys FILE] serve --demo --port N [--static DIR]');
  process.exit(2);
}
const port = Number(option('--port', '8080'));
const staticDir = resolve(option('--static', 'dist'));
const demo = args.includes('--demo');

const PERMISSIONS = {
  platform_admin: ['organizations.manage', 'users.manage', 'audit.read', 'products.manage', 'parameters.manage'],
  medical_officer: ['complaints.handle', 'cases.read', 'cases.handle', 'policies.read', 'incidents.report', 'risk.read'],
  clinician: ['policies.read_own', 'incidents.report', 'witness.record'],
  patient: ['complaints.file', 'cases.read_own', 'policies.read_own', 'visit_policies.buy', 'consents.manage', 'reviews.write', 'legal_aid.request'],
  underwriter: ['products.read', 'quotes.create', 'policies.issue', 'policies.read'],
  adjuster: ['claims.read', 'claims.handle', 'reserves.set', 'payments.instruct', 'cases.read'],
  actuary: ['actuarial.read', 'claims.read', 'risk.read'],
  mediator: ['cases.read', 'cases.mediate'],
  lawyer: ['legal_aid.handle', 'cases.read'],
  expert: ['appraisal.opine'],
  regulator: ['audit.read', 'compliance.read', 'statistics.read', 'cases.read', 'actuarial.read'],
};

const orgs = [
  { id: 1, name: '医险通平台', kind: 'platform', region_code: '440100', category: null, grade: null },
  { id: 2, name: '广州市第一人民医院', kind: 'medical_institution', region_code: '440103', category: 'general', grade: '3A' },
  { id: 3, name: '平安健康保险', kind: 'insurer', region_code: '440100', category: null, grade: null },
  { id: 4, name: '广州市医疗纠纷人民调解委员会', kind: 'mediation_committee', region_code: '440100', category: null, grade: null },
  { id: 5, name: '广州市法律援助处', kind: 'legal_aid', region_code: '440100', category: null, grade: null },
  { id: 6, name: '广东省医学会鉴定专家库', kind: 'appraisal_pool', region_code: '440000', category: null, grade: null },
  { id: 7, name: '广州市卫生健康委员会', kind: 'regulator', region_code: '440100', category: null, grade: null },
].map((o) => ({ ...o, created_at: '2026-01-05T08:00:00Z' }));

const users = [];
const addUser = (username, display_name, role, orgId, extra = {}) =>
  users.push({
    id: users.length + 1, username, display_name, roles: [role], orgId, status: 'active',
    password: 'medrisk-demo', created_at: '2026-01-05T08:00:00Z', failures: 0, ...extra,
  });
addUser('admin', '平台管理员', 'platform_admin', 1);
addUser('officer', '王医务', 'medical_officer', 2);
addUser('doctor', '李医生', 'clinician', 2);
addUser('patient', '张患者', 'patient', null, { phone: '13800000001' });
addUser('underwriter', '赵核保', 'underwriter', 3);
addUser('adjuster', '钱理赔', 'adjuster', 3);
addUser('actuary', '孙精算', 'actuary', 3);
addUser('mediator', '周调解', 'mediator', 4);
addUser('lawyer', '吴律师', 'lawyer', 5);
for (let i = 1; i <= 7; i++) addUser(`expert${i}`, `专家${i}`, 'expert', 6);
addUser('regulator', '郑监管', 'regulator', 7);

const sessions = new Map();
const codes = new Map();
const audit = [];
const readIds = new Set();

const MESSAGES = {
  invalid_credentials: ['用户名或密码错误。', 'Wrong user name or password.', 401],
  account_locked: ['账号已临时锁定。', 'The account is locked.', 429],
  authentication_required: ['请先登录。', 'Please sign in first.', 401],
  permission_denied: ['没有权限。', 'Permission denied.', 403],
  route_not_found: ['请求的接口不存在。', 'No such endpoint.', 404],
  request_invalid: ['请求内容有误，请检查标出的字段。', 'The request is invalid; please check the fields listed.', 400],
  phone_invalid: ['手机号格式不正确。', 'The mobile number is not valid.', 400],
  phone_already_registered: ['该手机号已注册。', 'Already registered.', 409],
  registration_code_invalid: ['验证码不正确。', 'Wrong code.', 422],
  password_too_short: ['密码太短。', 'Password too short.', 422],
  malformed_json: ['请求体不是有效的 JSON。', 'The request body is not valid JSON.', 400],
};

function problem(res, req, code, violations) {
  const [zh, en, status] = MESSAGES[code];
  const english = String(req.headers['accept-language'] ?? '').startsWith('en');
  send(res, status, { type: 'about:blank', title: english ? en : zh, status, code, request_id: randomBytes(4).toString('hex'), ...(violations ? { violations } : {}) }, 'application/problem+json');
}

function send(res, status, body, type = 'application/json', headers = {}) {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const publicUser = (u) => ({
  id: u.id, username: u.username, display_name: u.display_name, roles: u.roles,
  organization: u.orgId ? (({ id, name, kind, region_code }) => ({ id, name, kind, region_code }))(orgs.find((o) => o.id === u.orgId)) : null,
  status: u.status, created_at: u.created_at,
});
const permissionsOf = (u) => [...new Set([...u.roles.flatMap((r) => PERMISSIONS[r] ?? []), 'notifications.read'])];

function startSession(res, status, u) {
  const token = randomBytes(24).toString('hex');
  sessions.set(token, u.id);
  audit.unshift({ id: audit.length + 1, at: new Date().toISOString(), actor_user_id: u.id, actor_organization_id: u.orgId, action: 'session.created', resource_type: 'user', resource_id: String(u.id), before_digest: null, after_digest: null, request_id: null, entry_hash: randomBytes(32).toString('hex') });
  send(res, status, { token, expires_at: new Date(Date.now() + 8 * 3600e3).toISOString(), user: publicUser(u), permissions: permissionsOf(u) }, 'application/json', {
    'Set-Cookie': `medrisk_session=${token}; HttpOnly; SameSite=Lax; Path=/`,
  });
}

function sessionUser(req) {
  const match = /(?:^|;\s*)medrisk_session=([0-9a-f]+)/.exec(req.headers.cookie ?? '');
  const id = match ? sessions.get(match[1]) : undefined;
  return users.find((u) => u.id === id);
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const value = JSON.parse(text || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

const page = (items) => ({ items, next_cursor: null });
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.woff2': 'font/woff2' };

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const route = `${req.method} ${path}`;
  if (route === 'GET /healthz') return send(res, 200, { status: 'ok' });
  if (!path.startsWith('/api/')) {
    const file = normalize(join(staticDir, path));
    const target = file.startsWith(staticDir) && existsSync(file) && statSync(file).isFile() ? file : join(staticDir, 'index.html');
    res.writeHead(200, { 'Content-Type': MIME[extname(target)] ?? 'application/octet-stream' });
    return res.end(readFileSync(target));
  }
  if (route === 'POST /api/v1/auth/login') {
    const b = await body(req);
    if (!b) return problem(res, req, 'malformed_json');
    const violations = ['username', 'password'].filter((f) => typeof b[f] !== 'string' || !b[f]).map((field) => ({ field: `/${field}`, code: 'field_required', message: 'required' }));
    if (violations.length) return problem(res, req, 'request_invalid', violations);
    const u = users.find((x) => x.username === b.username || (x.phone && x.phone === b.username));
    if (u && u.failures >= 5) return problem(res, req, 'account_locked');
    if (!u || u.password !== b.password) {
      if (u) u.failures += 1;
      return problem(res, req, 'invalid_credentials');
    }
    u.failures = 0;
    return startSession(res, 200, u);
  }
  if (route === 'POST /api/v1/auth/registration-codes') {
    const b = await body(req);
    if (!b) return problem(res, req, 'malformed_json');
    if (typeof b.phone !== 'string' || !/^1[3-9]\d{9}$/.test(b.phone)) return problem(res, req, 'phone_invalid');
    if (users.some((u) => u.phone === b.phone)) return problem(res, req, 'phone_already_registered');
    codes.set(b.phone, String(randomInt(100000, 999999)));
    return send(res, 202, { expires_in_seconds: 600 });
  }
  if (route === 'GET /api/v1/demo/last-registration-code' && demo) {
    const code = codes.get(url.searchParams.get('phone') ?? '');
    return code ? send(res, 200, { code }) : problem(res, req, 'route_not_found');
  }
  if (route === 'POST /api/v1/auth/registrations') {
    const b = await body(req);
    if (!b) return problem(res, req, 'malformed_json');
    if (users.some((u) => u.phone === b.phone)) return problem(res, req, 'phone_already_registered');
    if (!b.code || codes.get(b.phone) !== b.code) return problem(res, req, 'registration_code_invalid');
    if (typeof b.password !== 'string' || b.password.length < 10) return problem(res, req, 'password_too_short');
    codes.delete(b.phone);
    addUser(`p${b.phone}`, String(b.display_name), 'patient', null, { phone: b.phone, password: b.password, created_at: new Date().toISOString() });
    return startSession(res, 201, users.at(-1));
  }
  const me = sessionUser(req);
  if (!me) return problem(res, req, path.startsWith('/api/v1/') ? 'authentication_required' : 'route_not_found');
  const perms = permissionsOf(me);
  const guard = (permission) => (perms.includes(permission) ? false : (problem(res, req, 'permission_denied'), true));
  if (route === 'POST /api/v1/auth/logout') {
    sessions.forEach((id, token) => id === me.id && sessions.delete(token));
    return send(res, 204, undefined, 'application/json', { 'Set-Cookie': 'medrisk_session=; HttpOnly; Path=/; Max-Age=0' });
  }
  if (route === 'GET /api/v1/me') return send(res, 200, { user: publicUser(me), permissions: perms });
  if (route === 'GET /api/v1/notifications') {
    const id = me.id * 1000;
    // Experts have none, so the empty state is exercised too.
    const all = me.roles.includes('expert') ? [] : [{ id, kind: 'welcome', title: `欢迎使用医险通，${me.display_name}`, body: '这是一条演示通知。', resource: null, created_at: me.created_at, read: readIds.has(id) }];
    const items = url.searchParams.get('unread') === 'true' ? all.filter((n) => !n.read) : all;
    return send(res, 200, { ...page(items), unread: all.filter((n) => !n.read).length });
  }
  const read = /^POST \/api\/v1\/notifications\/(\d+)\/read$/.exec(route);
  if (read) {
    readIds.add(Number(read[1]));
    return send(res, 204);
  }
  if (route === 'GET /api/v1/organizations') {
    if (guard('organizations.manage')) return;
    const kind = url.searchParams.get('kind');
    return send(res, 200, page(orgs.filter((o) => !kind || o.kind === kind)));
  }
  if (route === 'GET /api/v1/users') return guard('users.manage') ? undefined : send(res, 200, page(users.map(publicUser)));
  if (route === 'GET /api/v1/claims') return guard('claims.read') ? undefined : send(res, 200, page([]));
  if (route === 'GET /api/v1/audit') return guard('audit.read') ? undefined : send(res, 200, page(audit.slice(0, 50)));
  return problem(res, req, 'route_not_found');
}).listen(port, '127.0.0.1', () => console.log(`contract server on http://127.0.0.1:${port} serving ${staticDir}`));

process.on('SIGTERM', () => process.exit(0));
