/**
 * A checker for the part of CloudWatch's metric math the program uses (CloudWatch user guide, "Using math
 * expressions with CloudWatch metrics", syntax and functions:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html). It parses an expression and
 * types each node as a scalar, a time series, or an array of time series, and refuses what CloudWatch's grammar does
 * not have: a scalar inside a metric array (`MIN([100, m1])`), an id no query defines, a function outside the checked
 * set, a bare array as a result. Mocks accept any string; CloudWatch answers "Error in expression" at `up`.
 */

type Kind = "scalar" | "series" | "array" | "keyword";

interface Token {
  readonly type: "number" | "id" | "op" | "(" | ")" | "[" | "]" | ",";
  readonly text: string;
}

const OPERATORS = ["<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "^"];

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(expression.slice(i));
    if (number) {
      tokens.push({ type: "number", text: number[0] });
      i += number[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i));
    if (id) {
      tokens.push({ type: "id", text: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => expression.startsWith(o, i));
    if (op) {
      tokens.push({ type: "op", text: op });
      i += op.length;
      continue;
    }
    if ("()[],".includes(c)) {
      tokens.push({ type: c as Token["type"], text: c });
      i++;
      continue;
    }
    throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return tokens;
}

/** Functions and what they return, by argument kinds. Each throws on arguments CloudWatch refuses. */
const FUNCTIONS: Record<string, (args: Kind[]) => Kind> = {
  IF: (args) => {
    if (args.length !== 2 && args.length !== 3) throw new Error(`IF takes 2 or 3 arguments, got ${args.length}`);
    if (args.some((a) => a === "array" || a === "keyword")) throw new Error("IF takes time series or scalars");
    return args.includes("series") ? "series" : "scalar";
  },
  FILL: (args) => {
    if (args.length !== 2 || args[0] !== "series") throw new Error("FILL takes a time series and a value (a scalar, REPEAT or LINEAR)");
    if (args[1] !== "scalar" && args[1] !== "keyword") throw new Error("FILL's second argument must be a scalar, REPEAT or LINEAR");
    return "series";
  },
  ...Object.fromEntries(
    ["MIN", "MAX", "SUM", "AVG"].map((name) => [
      name,
      (args: Kind[]): Kind => {
        if (args.length !== 1) throw new Error(`${name} takes one argument, got ${args.length}`);
        if (args[0] === "series") return "scalar";
        if (args[0] === "array") return "series";
        throw new Error(`${name} takes a time series or an array of time series, got a ${args[0]}`);
      },
    ]),
  ),
  ...Object.fromEntries(
    ["ABS", "CEIL", "FLOOR"].map((name) => [
      name,
      (args: Kind[]): Kind => {
        if (args.length !== 1 || (args[0] !== "series" && args[0] !== "scalar")) throw new Error(`${name} takes one time series or scalar`);
        return args[0];
      },
    ]),
  ),
};

const KEYWORDS = new Set(["REPEAT", "LINEAR"]);

/**
 * The kind of `expression`'s result, with `ids` the query ids it may use; throws with the reason when CloudWatch's
 * grammar would refuse it.
 */
export function checkMetricMath(expression: string, ids: ReadonlySet<string>): Kind {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const take = (type?: Token["type"], text?: string): Token => {
    const t = tokens[at];
    if (!t || (type && t.type !== type) || (text && t.text !== text)) throw new Error(`expected ${text ?? type} at token ${at}, got ${t ? t.text : "the end"}`);
    at++;
    return t;
  };
  const arithmetic = (a: Kind, b: Kind, op: string): Kind => {
    if (a === "array" || b === "array") throw new Error(`${op} does not apply to an array`);
    if (a === "keyword" || b === "keyword") throw new Error(`${op} does not apply to a keyword`);
    return a === "series" || b === "series" ? "series" : "scalar";
  };

  const primary = (): Kind => {
    const t = peek();
    if (!t) throw new Error("unexpected end of the expression");
    if (t.type === "number") {
      at++;
      return "scalar";
    }
    if (t.type === "(") {
      take("(");
      const kind = comparison();
      take(")");
      return kind;
    }
    if (t.type === "[") {
      take("[");
      const items = [comparison()];
      while (peek()?.type === ",") {
        take(",");
        items.push(comparison());
      }
      take("]");
      const bad = items.findIndex((k) => k !== "series");
      if (bad >= 0) throw new Error(`a metric array holds time series only; item ${bad} is a ${items[bad]}`);
      return "array";
    }
    if (t.type === "id") {
      at++;
      if (peek()?.type === "(") {
        const fn = FUNCTIONS[t.text];
        if (!fn) throw new Error(`function ${t.text} is not in the checked set (${Object.keys(FUNCTIONS).join(", ")})`);
        take("(");
        const args: Kind[] = [];
        if (peek()?.type !== ")") {
          args.push(comparison());
          while (peek()?.type === ",") {
            take(",");
            args.push(comparison());
          }
        }
        take(")");
        return fn(args);
      }
      if (KEYWORDS.has(t.text)) return "keyword";
      if (!ids.has(t.text)) throw new Error(`id ${t.text} is not a query of this expression's metrics (${[...ids].join(", ")})`);
      return "series";
    }
    if (t.type === "op" && t.text === "-") {
      at++;
      return arithmetic("scalar", primary(), "-");
    }
    throw new Error(`unexpected ${t.text}`);
  };
  const power = (): Kind => {
    let kind = primary();
    while (peek()?.text === "^") {
      take("op");
      kind = arithmetic(kind, primary(), "^");
    }
    return kind;
  };
  const product = (): Kind => {
    let kind = power();
    while (peek()?.text === "*" || peek()?.text === "/") {
      const op = take("op").text;
      kind = arithmetic(kind, power(), op);
    }
    return kind;
  };
  const sum = (): Kind => {
    let kind = product();
    while (peek()?.text === "+" || peek()?.text === "-") {
      const op = take("op").text;
      kind = arithmetic(kind, product(), op);
    }
    return kind;
  };
  function comparison(): Kind {
    let kind = sum();
    while (peek()?.type === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(peek().text)) {
      const op = take("op").text;
      kind = arithmetic(kind, sum(), op);
    }
    return kind;
  }

  const result = comparison();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at].text} after the expression`);
  if (result === "array" || result === "keyword") throw new Error(`the expression must yield a time series or a scalar, not a ${result}`);
  return result;
}

/** One metric math expression the program registers, with the query ids beside it and where it sits. */
export interface RegisteredExpression {
  readonly where: string;
  readonly expression: string;
  readonly ids: ReadonlySet<string>;
}

/**
 * Every metric math expression in a recording: alarm metric queries, dashboard widgets (expressions in `metrics`
 * rows, ids from the rows' options), and target-tracking policies' customized metrics.
 */
export function registeredExpressions(all: readonly { type: string; name: string; inputs: Record<string, any> }[]): RegisteredExpression[] {
  const found: RegisteredExpression[] = [];
  for (const r of all) {
    if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm") {
      const queries: any[] = r.inputs.metricQueries ?? [];
      const ids = new Set(queries.map((q) => String(q.id)));
      for (const q of queries) if (q.expression) found.push({ where: `alarm ${r.name} query ${q.id}`, expression: q.expression, ids });
    }
    if (r.type === "aws:cloudwatch/dashboard:Dashboard") {
      const body = JSON.parse(r.inputs.dashboardBody);
      for (const [w, widget] of (body.widgets ?? []).entries()) {
        const rows: any[][] = widget.properties?.metrics ?? [];
        const ids = new Set(rows.map((row) => row[row.length - 1]).filter((o) => o && typeof o === "object" && o.id).map((o) => String(o.id)));
        for (const row of rows) {
          const options = row[row.length - 1];
          if (options && typeof options === "object" && options.expression) found.push({ where: `dashboard ${r.name} widget ${w}`, expression: options.expression, ids });
        }
      }
    }
    if (r.type === "aws:appautoscaling/policy:Policy") {
      const metrics: any[] = r.inputs.targetTrackingScalingPolicyConfiguration?.customizedMetricSpecification?.metrics ?? [];
      const ids = new Set(metrics.map((m) => String(m.id)));
      for (const m of metrics) if (m.expression) found.push({ where: `scaling policy ${r.name} metric ${m.id}`, expression: m.expression, ids });
    }
  }
  return found;
}
