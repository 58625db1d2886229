// The conformance clients report in TAP: a comment line names each call,
// an "ok" or "not ok" line each check. The Go suite streams the lines into
// its log and fails on any "not ok" and on a non-zero exit. Runs in Node
// and, unchanged, in the browser.

const show = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));

// oneLine keeps a thrown error on its check's line: the message and where
// it was thrown, or the error body the client threw.
const oneLine = (e) => (e instanceof Error
  ? e.stack.split('\n').slice(0, 2).map((s) => s.trim()).join(' ')
  : show(e));

export class Report {
  // print writes one line; done receives the totals when end() is called.
  constructor(client, { print = console.log, done } = {}) {
    this.print = print;
    this.done = done;
    this.n = 0;
    this.failed = 0;
    this.print(`# client: ${client}`);
  }

  // call runs one client call and its checks. An exception (a call that
  // should have succeeded and threw) fails the call and the run goes on.
  async call(title, fn) {
    this.print(`# call: ${title}`);
    try {
      await fn();
    } catch (e) {
      this.check(`${title} completes`, false, `threw ${oneLine(e)}`);
    }
  }

  check(what, pass, detail) {
    this.n++;
    if (pass) {
      this.print(`ok ${this.n} - ${what}`);
    } else {
      this.failed++;
      this.print(`not ok ${this.n} - ${what}${detail ? ` (${detail})` : ''}`);
    }
    return pass;
  }

  eq(what, got, want) {
    return this.check(`${what} is ${show(want)}`, Object.is(got, want), `got ${show(got)}`);
  }

  match(what, got, re) {
    return this.check(`${what} matches ${re}`, typeof got === 'string' && re.test(got), `got ${show(got)}`);
  }

  // throws runs fn, which must reject; it returns what was thrown.
  async throws(what, fn) {
    try {
      const v = await fn();
      this.check(`${what} throws`, false, `resolved with ${show(v)}`);
      return {};
    } catch (e) {
      this.check(`${what} throws`, true);
      return e;
    }
  }

  end() {
    this.print(`1..${this.n}`);
    if (this.failed) this.print(`# ${this.failed} of ${this.n} checks failed`);
    if (this.done) this.done({ checks: this.n, failed: this.failed });
    return this.failed === 0;
  }
}
