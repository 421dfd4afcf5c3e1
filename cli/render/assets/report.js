/* The analyze HTML report: exact equilibria at any parameter point, in the page.
 *
 * Numbers are exact: Q is a BigInt fraction, R is a + b*sqrt(r) with rational a, b
 * (for the square roots of 3-player equilibria). Formulas arrive as JSON trees
 * (cli/render/js_exprs.py); nothing is ever evaluated as text.
 *
 * At a point the equilibria come from, in order:
 *  - the baseline: the engine's own list;
 *  - one parameter moved: its threshold's own set (exactly at a threshold), or the
 *    formulas of the interval the value falls in;
 *  - two parameters of the region map moved: the formulas of the cell it falls in;
 *  - otherwise: every support candidate whose formulas give, at the point, a profile
 *    from which no player gains by deviating (checked here, exactly).
 */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("game-data").textContent);

  // ------------------------------------------------------------ exact numbers
  function gcd(a, b) {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b) { [a, b] = [b, a % b]; }
    return a;
  }

  class Q {
    constructor(n, d = 1n) {
      if (d === 0n) throw new ExactError("division by zero");
      if (d < 0n) { n = -n; d = -d; }
      const g = gcd(n, d) || 1n;
      this.n = n / g; this.d = d / g;
    }
    static parse(text) {
      const s = String(text).trim();
      let m = s.match(/^([+-]?\d+)\s*\/\s*([+-]?\d+)$/);
      if (m) return BigInt(m[2]) === 0n ? null : new Q(BigInt(m[1]), BigInt(m[2]));
      m = s.match(/^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/);
      if (!m || !(m[2] || m[3])) return null;
      const frac = m[3] || "";
      let n = BigInt((m[2] || "") + frac || "0");
      let d = 10n ** BigInt(frac.length);
      const e = parseInt(m[4] || "0", 10);
      if (e > 0) n *= 10n ** BigInt(e); else d *= 10n ** BigInt(-e);
      return new Q(m[1] === "-" ? -n : n, d);
    }
    add(o) { return new Q(this.n * o.d + o.n * this.d, this.d * o.d); }
    sub(o) { return new Q(this.n * o.d - o.n * this.d, this.d * o.d); }
    mul(o) { return new Q(this.n * o.n, this.d * o.d); }
    div(o) { return new Q(this.n * o.d, this.d * o.n); }
    neg() { return new Q(-this.n, this.d); }
    sign() { return this.n > 0n ? 1 : this.n < 0n ? -1 : 0; }
    cmp(o) { return this.sub(o).sign(); }
    eq(o) { return this.n === o.n && this.d === o.d; }
    toString() { return this.d === 1n ? `${this.n}` : `${this.n}/${this.d}`; }
    toNumber() { return Number(this.n) / Number(this.d); }
  }
  const Q0 = new Q(0n), Q1 = new Q(1n);

  class ExactError extends Error {}

  function isqrt(n) {
    if (n < 2n) return n;
    let x = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (x * x > n) x -= 1n;
    while ((x + 1n) * (x + 1n) <= n) x += 1n;
    return x;
  }

  /* a + b*sqrt(r): r a positive non-square integer, or 0n when b is zero. */
  class R {
    constructor(a, b = Q0, r = 0n) {
      this.a = a; this.b = r === 0n ? Q0 : b; this.r = this.b.sign() === 0 ? 0n : r;
    }
    static of(q) { return new R(q); }
    root(o) {
      if (this.r === 0n) return o.r;
      if (o.r === 0n || o.r === this.r) return this.r;
      throw new ExactError("two different square roots in one formula");
    }
    add(o) { const r = this.root(o); return new R(this.a.add(o.a), this.b.add(o.b), r); }
    sub(o) { return this.add(o.neg()); }
    neg() { return new R(this.a.neg(), this.b.neg(), this.r); }
    mul(o) {
      const r = this.root(o), rq = new Q(r);
      return new R(this.a.mul(o.a).add(this.b.mul(o.b).mul(rq)),
                   this.a.mul(o.b).add(this.b.mul(o.a)), r);
    }
    inv() {
      if (this.r === 0n) return new R(Q1.div(this.a));
      const norm = this.a.mul(this.a).sub(this.b.mul(this.b).mul(new Q(this.r)));
      return new R(this.a.div(norm), this.b.neg().div(norm), this.r);
    }
    div(o) { return this.mul(o.inv()); }
    sign() {
      const sa = this.a.sign(), sb = this.b.sign();
      if (sb === 0) return sa;
      if (sa === 0 || sa === sb) return sb || sa;
      const c = this.a.mul(this.a).cmp(this.b.mul(this.b).mul(new Q(this.r)));
      return c > 0 ? sa : sb;
    }
    cmp(o) { return this.sub(o).sign(); }
    isZero() { return this.sign() === 0; }
    rational() { return this.r === 0n; }
    toString() {
      if (this.r === 0n) return this.a.toString();
      const b = this.b, abs = b.sign() < 0 ? b.neg() : b;
      let root = `sqrt(${this.r})`;
      if (abs.n !== 1n) root = `${abs.n}*${root}`;
      if (abs.d !== 1n) root = `${root}/${abs.d}`;
      if (this.a.sign() === 0) return (b.sign() < 0 ? "-" : "") + root;
      return `${this.a} ${b.sign() < 0 ? "-" : "+"} ${root}`;
    }
    toNumber() { return this.a.toNumber() + this.b.toNumber() * Math.sqrt(Number(this.r)); }
  }
  const R0 = R.of(Q0), R1 = R.of(Q1);

  function sqrtR(x) {
    if (!x.rational()) throw new ExactError("square root of an irrational number");
    const q = x.a;
    if (q.sign() < 0) throw new ExactError("square root of a negative number");
    const m = q.n * q.d, s = isqrt(m);
    if (s * s === m) return R.of(new Q(s, q.d));
    let k = 1n, rest = m;
    for (let p = 2n; p < 1000n && p * p <= rest; p += 1n) {
      while (rest % (p * p) === 0n) { rest /= p * p; k *= p; }
    }
    return new R(Q0, new Q(k, q.d), rest);
  }

  function evaluate(t, vals) {
    switch (t[0]) {
      case "n": return R.of(Q.parse(t[1]));
      case "v": {
        const v = vals[t[1]];
        if (v === undefined) throw new ExactError(`no value for ${t[1]}`);
        return R.of(v);
      }
      case "+": return t.slice(1).reduce((s, a) => s.add(evaluate(a, vals)), R0);
      case "*": {     // sqrt(a) * sqrt(b) = sqrt(a b) (a, b >= 0): one square root
        const roots = t.slice(1).filter((a) => a[0] === "sqrt");
        const rest = t.slice(1).filter((a) => a[0] !== "sqrt");
        let out = rest.reduce((s, a) => s.mul(evaluate(a, vals)), R1);
        if (roots.length) {
          const radicand = roots.reduce((s, a) => {
            const v = evaluate(a[1], vals);
            if (v.sign() < 0) throw new ExactError("square root of a negative number");
            return s.mul(v);
          }, R1);
          out = out.mul(sqrtR(radicand));
        }
        return out;
      }
      case "-": return evaluate(t[1], vals).sub(evaluate(t[2], vals));
      case "/": {
        const d = evaluate(t[2], vals);
        if (d.isZero()) throw new ExactError("division by zero");
        return evaluate(t[1], vals).div(d);
      }
      case "neg": return evaluate(t[1], vals).neg();
      case "pow": {
        let base = evaluate(t[1], vals), k = t[2];
        if (Math.abs(k) > 256) throw new ExactError("power too large");
        if (k < 0) {
          if (base.isZero()) throw new ExactError("division by zero");
          base = base.inv(); k = -k;
        }
        let out = R1;
        for (let i = 0; i < k; i++) out = out.mul(base);
        return out;
      }
      case "sqrt": return sqrtR(evaluate(t[1], vals));
      case "abs": { const v = evaluate(t[1], vals); return v.sign() < 0 ? v.neg() : v; }
      case "min": case "max": {
        const xs = t.slice(1).map((a) => evaluate(a, vals));
        const better = t[0] === "min" ? -1 : 1;
        return xs.reduce((m, x) => (x.cmp(m) === better ? x : m));
      }
      default: throw new ExactError(`unknown formula node ${t[0]}`);
    }
  }

  // ------------------------------------------------------------ the game at a point
  const players = DATA.players, shape = DATA.shape, nPlayers = players.length;
  const params = DATA.parameters;
  const byName = Object.fromEntries(params.map((p) => [p.name, p]));
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const nProfiles = shape.reduce((a, b) => a * b, 1);

  function profileOf(flat) { return shape.map((n, k) => Math.floor(flat / strides[k]) % n); }
  function flatOf(prof) { return prof.reduce((s, j, k) => s + j * strides[k], 0); }

  function payoffTable(vals) {
    return DATA.payoffs.map((row) => row.map((t) => evaluate(t, vals)));
  }

  /* What each strategy earns player i against the others' mixtures. */
  function strategyValues(U, probs, i) {
    const out = [];
    for (let s = 0; s < shape[i]; s++) {
      let total = R0;
      for (let f = 0; f < nProfiles; f++) {
        const prof = profileOf(f);
        if (prof[i] !== s) continue;
        let w = R1;
        for (let k = 0; k < nPlayers && !w.isZero(); k++) if (k !== i) w = w.mul(probs[k][prof[k]]);
        if (!w.isZero()) total = total.add(w.mul(U[i][f]));
      }
      out.push(total);
    }
    return out;
  }

  /* The equilibrium's JSON (SPEC shape) when `probs` is one at the point, else null;
   * `tie` tells whether an unused strategy is also a best response (degenerate). */
  function checkedEquilibrium(U, probs) {
    for (const row of probs) {
      let sum = R0;
      for (const p of row) { if (p.sign() < 0) return null; sum = sum.add(p); }
      if (!sum.sub(R1).isZero()) return null;
    }
    const payoffs = [];
    let tie = false;
    for (let i = 0; i < nPlayers; i++) {
      const vals = strategyValues(U, probs, i);
      let best = vals[0];
      for (const v of vals) if (v.cmp(best) > 0) best = v;
      for (let s = 0; s < vals.length; s++) {
        const used = !probs[i][s].isZero();
        if (used && vals[s].cmp(best) !== 0) return null;
        if (!used && vals[s].cmp(best) === 0) tie = true;
      }
      payoffs.push(best);
    }
    return { json: equilibriumJson(probs, payoffs), tie };
  }

  function equilibriumJson(probs, payoffs) {
    const pure = probs.every((row) => row.filter((p) => !p.isZero()).length === 1);
    const strategies = {}, pays = {};
    players.forEach((pl, i) => {
      const mix = {};
      pl.strategies.forEach((s, j) => { if (!probs[i][j].isZero()) mix[s] = probs[i][j].toString(); });
      strategies[pl.name] = mix;
      pays[pl.name] = payoffs[i].toString();
    });
    return { kind: pure ? "pure" : "mixed", strategies, payoffs: pays };
  }

  function fromFormulas(U, rows, vals) {
    try {
      const probs = rows.map((row) => row.map((t) => evaluate(t, vals)));
      return checkedEquilibrium(U, probs);
    } catch (e) {
      if (e instanceof ExactError) return null;
      throw e;
    }
  }

  function fromNamed(U, named, vals) {
    const rows = players.map((pl) => pl.strategies.map((s) => (named[pl.name] || {})[s] || ["n", "0"]));
    return fromFormulas(U, rows, vals);
  }

  // ------------------------------------------------------------ two players: every extreme equilibrium
  const MAX_BASES = 20000;          // label subsets tried per polytope at most

  /* The unique solution of the square system M z = r (rows of R numbers), or null. */
  function solveSquare(M, r) {
    const n = r.length, a = M.map((row, i) => [...row, r[i]]);
    for (let c = 0; c < n; c++) {
      let p = c;
      while (p < n && a[p][c].isZero()) p++;
      if (p === n) return null;
      [a[c], a[p]] = [a[p], a[c]];
      const inv = R1.div(a[c][c]);
      for (let k = c; k <= n; k++) a[c][k] = a[c][k].mul(inv);
      for (let i = 0; i < n; i++) {
        if (i === c || a[i][c].isZero()) continue;
        const f = a[i][c];
        for (let k = c; k <= n; k++) a[i][k] = a[i][k].sub(f.mul(a[c][k]));
      }
    }
    return a.map((row) => row[n]);
  }

  function* subsets(n, k, start = 0, acc = []) {
    if (acc.length === k) { yield acc; return; }
    for (let i = start; i <= n - (k - acc.length); i++) yield* subsets(n, k, i + 1, [...acc, i]);
  }

  function binomial(n, k) { let b = 1; for (let i = 1; i <= k; i++) b = b * (n - k + i) / i; return b; }

  /* The vertices (other than 0) of { z >= 0, C z <= 1 } (C: rows over the z's), each with
   * its labels: own index j where z_j = 0, dim + i where row i is tight. */
  function vertices(C, dim) {
    const out = [], rows = C.length;
    for (const tight of subsets(dim + rows, dim)) {
      const M = [], r = [];
      for (const t of tight) {
        if (t < dim) { M.push([...Array(dim).keys()].map((j) => (j === t ? R1 : R0))); r.push(R0); }
        else { M.push(C[t - dim]); r.push(R1); }
      }
      const z = solveSquare(M, r);
      if (!z || z.some((v) => v.sign() < 0) || z.every((v) => v.isZero())) continue;
      const labels = new Set();
      let ok = true;
      z.forEach((v, j) => { if (v.isZero()) labels.add(j); });
      C.forEach((row, i) => {
        const lhs = row.reduce((s, c, j) => s.add(c.mul(z[j])), R0), d = lhs.cmp(R1);
        if (d > 0) ok = false; else if (d === 0) labels.add(dim + i);
      });
      if (ok) out.push({ z, labels });
    }
    return out;
  }

  /* Every extreme equilibrium of a two-player game at a point (the complementary pairs
   * of vertices of the two best-response polytopes), each checked again; null when too
   * many bases would be tried. Payoffs are shifted to be positive (same equilibria). */
  function extremeEquilibria(U) {
    const [m, n] = shape;
    if (binomial(m + n, m) > MAX_BASES) return null;
    const at = (i, a, b) => U[i][a * n + b];
    const low = (i) => { let v = at(i, 0, 0); for (let a = 0; a < m; a++) for (let b = 0; b < n; b++) if (at(i, a, b).cmp(v) < 0) v = at(i, a, b); return v; };
    const shiftA = R1.sub(low(0)), shiftB = R1.sub(low(1));
    // P = {x >= 0, B'^T x <= 1}: labels i (x_i = 0) and m + j; Q = {y >= 0, A' y <= 1}:
    // labels m + j (y_j = 0) and i.
    const Bt = [...Array(n).keys()].map((b) => [...Array(m).keys()].map((a) => at(1, a, b).add(shiftB)));
    const A = [...Array(m).keys()].map((a) => [...Array(n).keys()].map((b) => at(0, a, b).add(shiftA)));
    const P = vertices(Bt, m);
    const Qv = vertices(A, n).map((v) => ({ z: v.z, labels: new Set([...v.labels].map((l) => (l < n ? m + l : l - n))) }));
    const out = [], seen = new Set();
    let tie = false;
    for (const x of P) {
      for (const y of Qv) {
        let full = true;
        for (let l = 0; l < m + n && full; l++) full = x.labels.has(l) || y.labels.has(l);
        if (!full) continue;
        const norm = (z) => { const t = z.reduce((s, v) => s.add(v), R0); return z.map((v) => v.div(t)); };
        const e = checkedEquilibrium(U, [norm(x.z), norm(y.z)]);
        if (!e) continue;
        const key = JSON.stringify(e.json);
        if (seen.has(key)) continue;
        seen.add(key); out.push(e.json); tie = tie || e.tie;
      }
    }
    return { eqs: out, tie };
  }

  // ------------------------------------------------------------ 2x2x2: every equilibrium
  /* Every equilibrium of a three-player game with two strategies each, at a point,
   * by support enumeration: with d_i = u_i(first) - u_i(second) against the others'
   * probabilities x_j of their first strategies (bilinear), a mixing player needs
   * d_i = 0; two mixers solve one linear equation each, three mixers a quadratic in
   * x_3 (after x_2 and x_1 are written as fractions in x_3), square roots exact.
   * null when the point is degenerate (an equation vanishes identically, a strategy
   * outside a support ties): then sets of equilibria may exist that the page does not
   * describe. */
  function equilibria222(U) {
    const idx = (a, b, c) => a * 4 + b * 2 + c;
    const D = (i) => {               // d_i as [k0, k1, k2, k3]: k0 + k1 u + k2 v + k3 u v
      const other = [0, 1, 2].filter((k) => k !== i), val = (j, k) => {
        const prof = [0, 0, 0]; prof[other[0]] = j; prof[other[1]] = k;
        const hi = [...prof], lo = [...prof]; hi[i] = 0; lo[i] = 1;
        return U[i][idx(...hi)].sub(U[i][idx(...lo)]);
      };
      // u, v: the two others' probabilities of their first strategies (in player order)
      const c11 = val(1, 1), c01 = val(0, 1), c10 = val(1, 0), c00 = val(0, 0);
      return [c11, c01.sub(c11), c10.sub(c11), c00.sub(c01).sub(c10).add(c11)];
    };
    const d = [D(0), D(1), D(2)];
    const at = (k, u, v) => k[0].add(k[1].mul(u)).add(k[2].mul(v)).add(k[3].mul(u).mul(v));
    const others = (i) => [0, 1, 2].filter((k) => k !== i);
    const found = [], seen = new Set();
    let degenerate = false;
    const keep = (x) => {
      if (x.some((v) => v.sign() < 0 || v.cmp(R1) > 0)) return;
      const probs = x.map((v) => [v, R1.sub(v)]);
      const e = checkedEquilibrium(U, probs);
      if (!e) return;
      if (e.tie) degenerate = true;
      const key = JSON.stringify(e.json);
      if (!seen.has(key)) { seen.add(key); found.push(e.json); }
    };
    for (const sup of [...Array(27).keys()].map((n) => [n % 3, Math.floor(n / 3) % 3, Math.floor(n / 9)])) {
      // 0: first strategy, 1: second, 2: mixes
      const mixers = [0, 1, 2].filter((i) => sup[i] === 2);
      const x = sup.map((s) => (s === 0 ? R1 : s === 1 ? R0 : null));
      if (mixers.length === 0) { keep(x); continue; }
      if (mixers.length === 1) {
        const [i] = mixers, [j, k] = others(i);
        if (at(d[i], x[j], x[k]).isZero()) degenerate = true;   // i mixes freely: a segment
        continue;
      }
      if (mixers.length === 2) {
        const [i, j] = mixers, fixed = [0, 1, 2].find((k) => !mixers.includes(k));
        // d_i is linear in x_j (x_fixed known), and d_j linear in x_i
        const solveFor = (who, var_) => {
          const [u, v] = others(who), z = R0, one = R1;
          const xs = (val) => { const y = [...x]; y[var_] = val; return y; };
          const f0 = at(d[who], xs(z)[u], xs(z)[v]), f1 = at(d[who], xs(one)[u], xs(one)[v]).sub(f0);
          if (f1.isZero()) { if (f0.isZero()) degenerate = true; return null; }
          return f0.neg().div(f1);
        };
        const xj = solveFor(i, j), xi = solveFor(j, i);
        if (xi === null || xj === null) continue;
        const y = [...x]; y[i] = xi; y[j] = xj; y[fixed] = x[fixed];
        keep(y);
        continue;
      }
      // three mixers: d_0(x1, x2) = 0 gives x1 = -(a0 + a2 x2)/(a1 + a3 x2); d_1(x0, x2) = 0
      // gives x0 = -(b0 + b2 x2)/(b1 + b3 x2); then d_2(x0, x1) = 0 is quadratic in x2.
      const [a0, a1, a2, a3] = d[0], [b0, b1, b2, b3] = d[1], [c0, c1, c2, c3] = d[2];
      const lin = (k0, k1) => [k0, k1];                           // k0 + k1 t
      const mulP = (p, q) => { const out = Array(p.length + q.length - 1).fill(R0); p.forEach((x1, i) => q.forEach((y1, j) => { out[i + j] = out[i + j].add(x1.mul(y1)); })); return out; };
      const addP = (p, q) => { const n = Math.max(p.length, q.length); return [...Array(n).keys()].map((k) => (p[k] || R0).add(q[k] || R0)); };
      const scale = (p, c) => p.map((x1) => x1.mul(c));
      const Qn = lin(a0, a2), Qd = lin(a1, a3), Pn = lin(b0, b2), Pd = lin(b1, b3);
      // x0 = -Pn/Pd, x1 = -Qn/Qd: c0 Pd Qd - c1 Pn Qd - c2 Qn Pd + c3 Pn Qn = 0
      let poly = scale(mulP(Pd, Qd), c0);
      poly = addP(poly, scale(mulP(Pn, Qd), c1.neg()));
      poly = addP(poly, scale(mulP(Qn, Pd), c2.neg()));
      poly = addP(poly, scale(mulP(Pn, Qn), c3));
      const evalL = (l, t) => l[0].add(l[1].mul(t));
      // where a denominator vanishes with its numerator, a whole line may be solutions
      for (const [num, den] of [[Qn, Qd], [Pn, Pd]]) {
        if (den[1].isZero()) { if (den[0].isZero() && (num[1].isZero() && num[0].isZero())) degenerate = true; continue; }
        const t = den[0].neg().div(den[1]);
        if (t.sign() >= 0 && t.cmp(R1) <= 0 && evalL(num, t).isZero()) degenerate = true;
      }
      if (poly.every((c) => c.isZero())) { degenerate = true; continue; }
      let roots = [];
      const [e0, e1, e2] = poly;
      if (e2.isZero()) { if (!e1.isZero()) roots = [e0.neg().div(e1)]; }
      else {
        const disc = e1.mul(e1).sub(R.of(new Q(4n)).mul(e2).mul(e0));
        if (disc.sign() >= 0) {
          const sq = sqrtR(disc), two = R.of(new Q(2n)).mul(e2);
          roots = [e1.neg().add(sq).div(two), e1.neg().sub(sq).div(two)];
        }
      }
      for (const t of roots) {
        if (evalL(Pd, t).isZero() || evalL(Qd, t).isZero()) continue;
        keep([evalL(Pn, t).neg().div(evalL(Pd, t)), evalL(Qn, t).neg().div(evalL(Qd, t)), t]);
      }
    }
    return degenerate ? null : found;
  }

  // ------------------------------------------------------------ comparisons
  function cmpThreshold(x, t) {         // sign of x - t, t exact (maybe irrational)
    if (t.value !== undefined) return x.cmp(Q.parse(t.value));
    const lo = Q.parse(t.lo), hi = Q.parse(t.hi);
    if (x.cmp(lo) <= 0) return -1;
    if (x.cmp(hi) >= 0) return 1;
    const p = (v) => t.poly.reduce((s, c) => s.mul(v).add(Q.parse(c)), Q0).sign();
    return p(x) === p(lo) ? -1 : 1;
  }

  function conditionHolds(cond, vals) {
    const s = evaluate(cond[0], vals).sign();
    return { ">": s > 0, "<": s < 0, "=": s === 0, ">=": s >= 0, "<=": s <= 0 }[cond[1]];
  }

  // ------------------------------------------------------------ equilibria at a point
  function baselineValues() {
    return Object.fromEntries(params.map((p) => [p.name, Q.parse(p.value)]));
  }

  /* Two players: where the formulas leave the list possibly partial (a tie, a set of
   * equilibria, a candidate list not known complete), every extreme equilibrium is
   * computed at the point instead, exactly. */
  function solvePoint(vals) {
    const out = solveByFormulas(vals);
    if (!out.incomplete || !out.U) return out;
    if (nPlayers === 3 && shape.every((n) => n === 2)) {
      let all = null;
      try { all = equilibria222(out.U); } catch (e) { if (!(e instanceof ExactError)) throw e; }
      if (all) return { U: out.U, eqs: all, how: "every equilibrium computed at this point (each support of the 2x2x2 game solved exactly)", notes: [] };
      return { ...out, notes: [...(out.notes || []), "The game is degenerate at this point (a player is indifferent whatever it plays, or an unused strategy ties): sets of equilibria may exist that the page does not compute. Run analyze with --set for the exact sets."] };
    }
    if (nPlayers !== 2) return out;
    const all = extremeEquilibria(out.U);
    if (!all) return out;
    const notes = all.tie ? ["The game is degenerate at this point: the list holds the extreme equilibria of each connected set of equilibria (every mixture of two equilibria in one set is one too)."] : [];
    return { U: out.U, eqs: all.eqs, how: "every extreme equilibrium computed at this point (vertices of the two best-response polytopes, exact)", notes };
  }

  function solveByFormulas(vals) {
    const base = baselineValues();
    const moved = params.filter((p) => !vals[p.name].eq(base[p.name])).map((p) => p.name);
    for (const p of params) {
      if (!p.range) continue;
      const v = vals[p.name];
      if (v.cmp(Q.parse(p.range[0])) < 0 || v.cmp(Q.parse(p.range[1])) > 0) {
        return { error: `${p.name} = ${v} is outside its range [${p.range[0]}, ${p.range[1]}]` };
      }
    }
    const U = DATA.payoffs ? payoffTable(vals) : null;
    if (moved.length === 0) {
      return { U, eqs: DATA.baseline, how: "the baseline, as the engine solved it", notes: DATA.baseline_notes };
    }
    if (!U) return engineOnly(moved, vals);
    if (moved.length === 1 && DATA.lines[moved[0]]) {
      const out = onLine(U, moved[0], vals);
      if (out) return out;
    }
    const reg = DATA.regions;
    if (reg && moved.every((n) => reg.parameters.includes(n))) {
      const out = inRegion(U, vals);
      if (out) return out;
    }
    return fromCandidates(U, vals);
  }

  /* One parameter moved onto a point the engine solved itself (an end of its range, a
   * threshold): its list; undefined elsewhere, null at an end the data lacks. */
  function engineOnLine(U, name, vals) {
    const line = DATA.lines[name], x = vals[name], range = byName[name].range;
    for (let k = 0; k < 2; k++) {
      if (line.ends && x.eq(Q.parse(range[k]))) {
        return { U, eqs: line.ends[k], how: `${name} at the ${k ? "upper" : "lower"} end of its range, as the engine solved it`, notes: [] };
      }
    }
    if (!line.ends && (x.eq(Q.parse(range[0])) || x.eq(Q.parse(range[1])))) return null;
    for (let k = 0; k < line.thresholds.length; k++) {
      const t = line.thresholds[k];
      if (cmpThreshold(x, t) === 0 && line.at[k]) {
        return { U, eqs: line.at[k], how: `exactly at the threshold ${name} = ${t.text}: that threshold's own equilibria`, notes: [] };
      }
    }
    return undefined;
  }

  /* A page past PAGE_PAYOFF_CELLS holds no payoffs: only the engine's own lists. */
  function engineOnly(moved, vals) {
    if (moved.length === 1 && DATA.lines[moved[0]]) {
      const out = engineOnLine(null, moved[0], vals);
      if (out) return out;
    }
    return { U: null, eqs: [], unknown: true, how: "nothing: this page holds no payoffs to check equilibria at this point", notes: DATA.left_out, incomplete: true };
  }

  function onLine(U, name, vals) {
    const line = DATA.lines[name], x = vals[name];
    const known = engineOnLine(U, name, vals);
    if (known !== undefined) return known;
    let k = 0;
    while (k < line.thresholds.length && cmpThreshold(x, line.thresholds[k]) > 0) k++;
    const iv = line.intervals[k];
    if (!iv || iv.equilibria.some((e) => e === null)) return null;
    const eqs = [], notes = [], sample = [];
    for (const entry of iv.equilibria) {
      const e = fromFormulas(U, entry.probs, vals);
      if (!e) return null;       // never expected: then the candidates decide
      eqs.push(e.json);
      sample.push(Boolean(entry.sample));
      if (entry.sample && !notes.length) notes.push("Some equilibria here form a connected set; the page shows points of it (each checked exactly here), not necessarily the ones the engine lists (its extreme points, or its own sample points): run analyze with --set for those.");
    }
    return { U, eqs, sample, how: `${name} between ${iv.from} and ${iv.to}: that interval's formulas`, notes, incomplete: sample.some((x) => x) };
  }

  function inRegion(U, vals) {
    const reg = DATA.regions;
    for (const p of reg.parameters) {
      const [lo, hi] = reg.box[p].map((s) => Q.parse(s));
      if (vals[p].cmp(lo) < 0 || vals[p].cmp(hi) > 0) return null;
    }
    for (const region of reg.regions) {
      for (const [ci, cell] of region.cells.entries()) {
        let inside;
        try { inside = cell.every((c) => conditionHolds(c, vals)); } catch (e) { inside = false; }
        if (!inside) continue;
        // a region whose formulas change between its cells: the piece of this cell
        const listed = region.pieces ? region.pieces[region.cell_piece[ci]] : region.equilibria;
        if (!listed) return null;     // a set of equilibria or unsolved: no formulas
        const eqs = [];
        for (const named of listed) {
          const e = fromNamed(U, named, vals);
          if (!e) return null;
          eqs.push(e.json);
        }
        return { U, eqs, how: `region ${region.label} of the exact region map`, notes: [] };
      }
    }
    return null;
  }

  function fromCandidates(U, vals) {
    const c = DATA.candidates;
    if (!c) {
      return { U, eqs: [], how: "no formulas for this point", notes: ["This page holds no equilibrium formulas for points where several parameters move; run analyze with --set for this point."], incomplete: true };
    }
    const seen = new Set(), eqs = [];
    let tie = false;
    for (const rows of c.formulas) {
      const e = fromFormulas(U, rows, vals);
      if (!e) continue;
      const key = JSON.stringify(e.json);
      if (seen.has(key)) continue;
      seen.add(key); eqs.push(e.json); tie = tie || e.tie;
    }
    const notes = [];
    if (tie) notes.push("At this point a strategy outside an equilibrium's support is also a best response (a tie): the game may be degenerate here, with sets of equilibria this list does not describe. Run analyze with --set for the full answer.");
    if (!c.complete) notes.push(`Several parameters moved: ${c.note}; every equilibrium shown is exact and checked here, but others may exist. Run analyze with --set (or --regions) for the full answer.`);
    return { U, eqs, how: `several parameters moved: each of the ${c.formulas.length} support formulas checked exactly at this point`, notes, incomplete: !c.complete || tie };
  }

  // ------------------------------------------------------------ drawing
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  function drawPayoffs(U) {
    const box = document.getElementById("payoffs");
    box.replaceChildren();
    const rest = shape.slice(2);
    const combos = rest.reduce((acc, n) => acc.flatMap((c) => [...Array(n).keys()].map((j) => [...c, j])), [[]]);
    const best = (i, prof) => {
      const v = U[i][flatOf(prof)];
      for (let s = 0; s < shape[i]; s++) {
        const q = prof.slice(); q[i] = s;
        if (U[i][flatOf(q)].cmp(v) > 0) return false;
      }
      return true;
    };
    for (const combo of combos) {
      const table = el("table");
      if (combo.length) {
        table.append(el("caption", {}, "when " + combo.map((j, k) => `${players[k + 2].name} plays ${players[k + 2].strategies[j]}`).join(", ")));
      }
      const head = el("tr", {}, el("th", { scope: "col" }, `${players[0].name} \\ ${players[1].name}`));
      players[1].strategies.forEach((s) => head.append(el("th", { scope: "col" }, s)));
      table.append(el("thead", {}, head));
      const body = el("tbody");
      players[0].strategies.forEach((sa, a) => {
        const tr = el("tr", {}, el("th", { scope: "row" }, sa));
        players[1].strategies.forEach((_, b) => {
          const prof = [a, b, ...combo];
          const marks = players.map((_, i) => best(i, prof));
          const text = players.map((_, i) => U[i][flatOf(prof)].toString() + (marks[i] ? "*" : "")).join(", ");
          tr.append(el("td", marks.every((m) => m) ? { class: "mark" } : {}, text));
        });
        body.append(tr);
      });
      table.append(body);
      box.append(el("div", { class: "scroll" }, table));
    }
    box.append(el("p", { class: "note" }, `Cells list payoffs in player order (${players.map((p) => p.name).join(", ")}); * marks a best response to the others' strategies; highlighted cells are pure equilibria.`));
  }

  /* No payoffs in the page: the report's own tables stay at the baseline only. */
  function payoffsLeftOut(vals) {
    const box = document.getElementById("payoffs");
    if (!box) return;
    const base = baselineValues();
    const atBase = params.every((p) => vals[p.name].eq(base[p.name]));
    let note = box.querySelector(".left-out");
    if (!note) {
      note = el("p", { class: "warning left-out" }, "The payoffs at this point are not in this page (see the note under Explore): run analyze with --set for them.");
      box.append(note);
    }
    for (const c of box.children) if (c !== note) c.hidden = !atBase;
    note.hidden = atBase;
  }

  function describe(d) {
    const parts = Object.entries(d.strategies).map(([pl, mix]) => {
      const ks = Object.keys(mix);
      return ks.length === 1 ? `${pl}: ${ks[0]}` : `${pl}: ` + ks.map((s) => `${mix[s]} ${s}`).join(" + ");
    });
    const pays = Object.entries(d.payoffs).map(([p, v]) => `${p} ${v}`).join(", ");
    return `${d.kind}: ${parts.join("; ")} (payoffs ${pays})`;
  }

  function drawEquilibria(result, vals) {
    const list = document.getElementById("equilibria");
    const notes = document.getElementById("eq-notes");
    list.replaceChildren();
    notes.replaceChildren();
    if (result.error) {
      notes.append(el("p", { class: "warning" }, result.error));
    } else {
      result.eqs.forEach((d, k) => {
        const attrs = { "data-equilibrium": JSON.stringify(d) };
        if (result.sample && result.sample[k]) attrs["data-sample"] = "true";
        list.append(el("li", attrs, describe(d) + (attrs["data-sample"] ? " (a point of a connected set)" : "")));
      });
      if (!result.eqs.length && !result.unknown) notes.append(el("p", { class: "warning" }, "No equilibrium found at this point by the page."));
      notes.append(el("p", { class: "note" }, `Source: ${result.how}.`));
      for (const n of result.notes || []) notes.append(el("p", { class: "warning" }, n));
    }
    list.dataset.mode = result.error ? "error" : result.incomplete ? "partial" : "exact";
    list.dataset.point = pointText(vals);
  }

  function pointText(vals) {
    return params.map((p) => `${p.name}=${vals[p.name]}`).join("&");
  }

  // ------------------------------------------------------------ sliders and address
  const state = { vals: baselineValues() };

  function steps(p) { return BigInt(p.steps); }
  function valueAt(p, k) {
    const lo = Q.parse(p.range[0]), hi = Q.parse(p.range[1]);
    return lo.add(hi.sub(lo).mul(new Q(BigInt(k), steps(p))));
  }
  function nearestStep(p, v) {
    const lo = Q.parse(p.range[0]), hi = Q.parse(p.range[1]);
    const t = v.sub(lo).div(hi.sub(lo)).mul(new Q(steps(p)));
    const k = Number((2n * t.n + t.d) / (2n * t.d));
    return Math.max(0, Math.min(Number(p.steps), k));
  }

  function buildSliders() {
    const box = document.getElementById("sliders");
    if (!box) return;
    for (const p of params.filter((q) => q.range)) {
      const id = `slider-${p.name}`;
      const ticks = el("datalist", { id: `ticks-${p.name}` });
      const line = DATA.lines[p.name];
      const ruler = el("div", { class: "ruler", "aria-hidden": "true" });
      const lo = Q.parse(p.range[0]).toNumber(), hi = Q.parse(p.range[1]).toNumber();
      for (const t of line ? line.thresholds : []) {
        const pos = (t.approx - lo) / (hi - lo);
        if (t.value !== undefined) ticks.append(el("option", { value: String(nearestStep(p, Q.parse(t.value))), label: t.text }));
        ruler.append(el("span", { class: "tick", style: `left: ${(100 * pos).toFixed(3)}%`, title: `threshold ${t.text}` }, t.text));
      }
      const basePos = (Q.parse(p.value).toNumber() - lo) / (hi - lo);
      ruler.append(el("span", { class: "base", style: `left: ${(100 * basePos).toFixed(3)}%`, title: "baseline" }, "▲"));
      const slider = el("input", { type: "range", id, min: "0", max: String(p.steps), step: "1", list: `ticks-${p.name}`, "aria-describedby": `desc-${p.name}` });
      const exact = el("input", { type: "text", id: `value-${p.name}`, inputmode: "decimal", size: "8", "aria-label": `exact value of ${p.name}` });
      slider.addEventListener("input", () => { state.vals[p.name] = valueAt(p, slider.value); update(true); });
      exact.addEventListener("change", () => {
        const v = Q.parse(exact.value);
        if (v) { state.vals[p.name] = v; update(true); } else exact.setAttribute("aria-invalid", "true");
      });
      const label = el("label", { for: id }, p.name);
      const thresholds = line && line.thresholds.length ? ` Thresholds: ${line.thresholds.map((t) => t.text).join(", ")}.` : "";
      const desc = el("span", { id: `desc-${p.name}`, class: "desc" }, `${p.description ? p.description + ". " : ""}Range ${p.range[0]} to ${p.range[1]}, baseline ${p.value}.${thresholds}`);
      box.append(el("div", { class: "param" }, label, el("div", { class: "track" }, slider, ruler), exact, ticks, desc));
    }
  }

  function syncControls() {
    for (const p of params.filter((q) => q.range)) {
      const slider = document.getElementById(`slider-${p.name}`);
      const exact = document.getElementById(`value-${p.name}`);
      if (!slider) continue;
      const v = state.vals[p.name];
      slider.value = String(nearestStep(p, v));
      slider.setAttribute("aria-valuetext", `${p.name} = ${v}`);
      exact.value = v.toString();
      exact.removeAttribute("aria-invalid");
    }
  }

  function readHash() {
    const vals = baselineValues(), bad = [];
    const text = decodeURIComponent(location.hash.replace(/^#/, ""));
    for (const part of text.split("&").filter(Boolean)) {
      const [name, value] = part.split("=");
      const v = value === undefined ? null : Q.parse(value);
      if (!(name in byName)) bad.push(`unknown parameter '${name}'`);
      else if (!v) bad.push(`'${value}' is not an exact number for ${name}`);
      else vals[name] = v;
    }
    return { vals, bad };
  }

  function writeHash() {
    const base = baselineValues();
    const parts = params.filter((p) => !state.vals[p.name].eq(base[p.name])).map((p) => `${p.name}=${state.vals[p.name]}`);
    const hash = parts.length ? "#" + parts.join("&") : " ";
    history.replaceState(null, "", hash === " " ? location.pathname + location.search : hash);
  }

  function update(fromControls) {
    let result;
    try { result = solvePoint(state.vals); } catch (e) { result = { error: `cannot evaluate here: ${e.message}` }; }
    if (result.U) drawPayoffs(result.U); else if (!DATA.payoffs) payoffsLeftOut(state.vals);
    drawEquilibria(result, state.vals);
    syncControls();
    if (fromControls) writeHash();
    const status = document.getElementById("point-status");
    if (status) status.textContent = "Point: " + params.map((p) => `${p.name} = ${state.vals[p.name]}`).join(", ");
    if (window.drawRegionPoint) window.drawRegionPoint(state.vals);
  }

  function fromHash() {
    const { vals, bad } = readHash();
    state.vals = vals;
    update(false);
    if (bad.length) document.getElementById("eq-notes").prepend(el("p", { class: "warning" }, "Address: " + bad.join("; ")));
  }

  // ------------------------------------------------------------ region map
  function power(text) { return text.replace(/\*\*/g, "^"); }

  function regionIndexAt(vals) {
    return DATA.regions.regions.findIndex((r) => r.cells.some((c) => {
      try { return c.every((q) => conditionHolds(q, vals)); } catch (e) { return false; }
    }));
  }

  /* The map: each vertical strip is cut where a boundary crosses its centre line (the
   * cuts come with the data, found on the exact polynomials), and each piece is
   * coloured by the region its midpoint is in, decided by the cells' exact sign
   * conditions; the boundary curves are drawn on top as paths through points of the
   * curves; the point is draggable (pointer) and follows the sliders. */
  function buildRegionMap() {
    const reg = DATA.regions, box = document.getElementById("region-map");
    if (!reg || !box) return;
    const [px, py] = reg.parameters, W = 480, H = 360;
    const [x0, x1] = reg.box[px].map((s) => Q.parse(s)), [y0, y1] = reg.box[py].map((s) => Q.parse(s));
    const svgNS = "http://www.w3.org/2000/svg";
    const node = (tag, attrs) => {
      const e = document.createElementNS(svgNS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      return e;
    };
    const svg = node("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `regions of ${px} (across) and ${py} (up)` });
    const colours = ["#cfe2f3", "#f4cccc", "#d9ead3", "#fff2cc", "#d9d2e9", "#fce5cd", "#d0e0e3", "#ead1dc"];
    const base = baselineValues(), geo = reg.geometry;
    // without the curves' data (a map handed over in the SPEC's shape that could not be
    // read), a plain 48 x 36 grid of exact cell tests
    const columns = geo ? geo.columns : Array.from({ length: 48 }, () => [...Array(35).keys()].map((k) => (k + 1) / 36));
    const N = columns.length, used = new Set();
    const fracOf = (f) => Q.parse(f.toFixed(12));
    columns.forEach((cuts, i) => {
      const vals = { ...base };
      vals[px] = x0.add(x1.sub(x0).mul(new Q(BigInt(2 * i + 1), BigInt(2 * N))));
      const stops = [0, ...cuts, 1];
      for (let k = 0; k + 1 < stops.length; k++) {
        vals[py] = y0.add(y1.sub(y0).mul(fracOf((stops[k] + stops[k + 1]) / 2)));
        const r = regionIndexAt(vals);
        if (r >= 0) used.add(r);
        svg.append(node("rect", {
          x: (i * W / N).toFixed(3), y: (H - stops[k + 1] * H).toFixed(3),
          width: (W / N + 0.4).toFixed(3), height: ((stops[k + 1] - stops[k]) * H + 0.4).toFixed(3),
          "shape-rendering": "crispEdges", fill: r < 0 ? "#ffffff" : colours[r % colours.length], "data-region": r < 0 ? "" : reg.regions[r].label,
        }));
      }
    });
    (geo ? geo.curves : []).forEach((segments, b) => {
      if (!segments.length) return;
      const d = segments.map(([a, c, e, f]) => `M${(a * W).toFixed(3)} ${(H - c * H).toFixed(3)}L${(e * W).toFixed(3)} ${(H - f * H).toFixed(3)}`).join("");
      const path = node("path", { d, fill: "none", stroke: "#000", "stroke-width": "1.6", "stroke-linecap": "round", class: "boundary", "data-boundary": String(b) });
      const title = node("title", {});
      title.textContent = `boundary: ${power(reg.boundaries[b] || "")} = 0`;
      path.append(title);
      svg.append(path);
    });
    // each connected area's label where it lies (placed inside the area by the engine's
    // exact point location; white halo so it reads over any fill)
    (reg.area_labels || []).forEach((a) => {
      const t = node("text", { x: (a.u * W).toFixed(2), y: (H - a.v * H).toFixed(2), "text-anchor": "middle", "dominant-baseline": "central", class: "area-label", "data-area": a.label, "data-region": a.region, "font-size": "13", "font-weight": "bold", fill: "#000", stroke: "#fff", "stroke-width": "3", "paint-order": "stroke", "pointer-events": "none" });
      t.textContent = a.label;
      svg.append(t);
    });
    const dot = node("circle", { r: "7", fill: "#000", stroke: "#fff", "stroke-width": "2", id: "region-point" });
    svg.append(dot);
    const legend = el("ul", { class: "legend" });
    const labelled = new Set((reg.area_labels || []).map((a) => a.label));
    reg.regions.forEach((r, k) => {
      const where = r.description ? ` (${power(r.description)})` : "";
      const what = r.structure || "not solved (its points are irrational)";
      const mine = (reg.areas || []).filter((a) => a.region === r.label).map((a) => a.label);
      const parts = mine.length > 1 ? ` — separate areas ${mine.join(", ")}` : "";
      const thin = used.has(k) ? mine.filter((m) => mine.length > 1 && !labelled.has(m)) : [];
      const note = thin.length ? ` (${thin.join(", ")}: too narrow to label on the map)` : "";
      legend.append(el("li", { "data-region": r.label }, el("span", { class: "swatch", style: `background:${used.has(k) ? colours[k % colours.length] : "#000"}` }), ` ${r.label}${parts}${where}: ${what}${used.has(k) ? "" : " (on a curve or at a point: drawn black)"}${note}`));
    });
    const boundaries = (reg.boundaries || []).map((b) => `${power(b)} = 0`).join("; ");
    box.append(svg, el("p", {}, `across: ${px} from ${x0} to ${x1}; up: ${py} from ${y0} to ${y1}.${boundaries ? " Boundaries (black): " + boundaries + "." : ""}`), legend);
    window.drawRegionPoint = (vals) => {
      const fx = vals[px].sub(x0).div(x1.sub(x0)).toNumber(), fy = vals[py].sub(y0).div(y1.sub(y0)).toNumber();
      dot.setAttribute("cx", (fx * W).toFixed(2)); dot.setAttribute("cy", (H - fy * H).toFixed(2));
    };
    const move = (ev) => {
      const r = svg.getBoundingClientRect();
      const fx = Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)), fy = Math.min(1, Math.max(0, 1 - (ev.clientY - r.top) / r.height));
      for (const [p, f] of [[px, fx], [py, fy]]) state.vals[p] = valueAt(byName[p], Math.round(f * byName[p].steps));
      update(true);
    };
    let dragging = false;
    svg.addEventListener("pointerdown", (ev) => { dragging = true; svg.setPointerCapture && svg.setPointerCapture(ev.pointerId); move(ev); });
    svg.addEventListener("pointermove", (ev) => { if (dragging) move(ev); });
    window.addEventListener("pointerup", () => { dragging = false; });
  }

  buildSliders();
  buildRegionMap();
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.dataset.ready = "true";
})();
