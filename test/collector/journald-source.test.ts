/**
 * The journald source against a fake `journalctl` placed first on PATH (the journal in a container
 * is usually empty; see installFakeJournalctl), then a smoke run with the real journalctl.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import type { JournaldSourceConfig } from '../../packages/collector/src/sources/journald/config.js';
import { JournaldSource } from '../../packages/collector/src/sources/journald/journald-source.js';
import { captureLog, captureOutput, installFakeJournalctl, waitFor } from './source-harness.js';

let fakeDir: string;
let work: string;
const savedEnv = { ...process.env };

beforeAll(() => {
  fakeDir = mkdtempSync(path.join(os.tmpdir(), 'collector-fake-journalctl-'));
  installFakeJournalctl(fakeDir);
});

beforeEach(() => {
  process.env = { ...savedEnv, PATH: `${fakeDir}:${savedEnv.PATH ?? ''}` };
  work = mkdtempSync(path.join(os.tmpdir(), 'collector-journald-'));
  process.env.FAKE_JOURNAL = path.join(work, 'journal.jsonl');
  process.env.FAKE_JOURNAL_ARGS = path.join(work, 'args.jsonl');
  writeFileSync(process.env.FAKE_JOURNAL, '');
  return () => {
    process.env = { ...savedEnv };
    rmSync(work, { recursive: true, force: true });
  };
});

afterAll(() => {
  process.env = savedEnv;
  rmSync(fakeDir, { recursive: true, force: true });
});

let seq = 0;
function entry(fields: Record<string, unknown>): Record<string, unknown> {
  seq++;
  return { __CURSOR: `s=abc;i=${seq}`, __REALTIME_TIMESTAMP: String(1_700_000_000_000_000 + seq * 1000), _BOOT_ID: 'b1', ...fields };
}

function writeJournal(...entries: Array<Record<string, unknown> | string>): void {
  appendFileSync(process.env.FAKE_JOURNAL ?? '', entries.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n') + '\n');
}

function runs(): string[][] {
  const file = process.env.FAKE_JOURNAL_ARGS ?? '';
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
}

function journaldSource(yaml = '') {
  const config = loadConfig(`dataDirectory: ${work}/data\nsources:\n  journal: {type: journald, sink: s${yaml}}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, {}).sources.journal as JournaldSourceConfig;
  const output = captureOutput();
  const logs = captureLog();
  return { source: new JournaldSource('journal', config, `${work}/data`, output, logs.log), output, logs };
}

describe('journald source', () => {
  it('sends MESSAGE as the text, at the entry time, with @collect.unit and identifying fields; counts what it skips', async () => {
    const first = entry({ MESSAGE: 'Accepted publickey for root', _SYSTEMD_UNIT: 'ssh.service', PRIORITY: '6', SYSLOG_IDENTIFIER: 'sshd', _PID: '812', _HOSTNAME: 'web-1' });
    const binary = entry({ MESSAGE: [...Buffer.from('binary é')], _SYSTEMD_UNIT: 'app.service' });
    const multi = entry({ MESSAGE: ['first value', 'second value'] });
    writeJournal(first, binary, entry({ _SYSTEMD_UNIT: 'app.service' }), entry({ MESSAGE: 'noise', _SYSTEMD_UNIT: 'cron.service' }), 'not a journal line', multi);
    const { source, output } = journaldSource(', excludeUnits: [cron]');
    await source.start();
    try {
      await waitFor('three events', () => output.events.length === 3);
      expect(output.events.map((event) => event.text)).toEqual(['Accepted publickey for root', 'binary é', 'first value']);
      const event = output.events[0];
      expect(event?.time).toBe(Math.floor(Number(first.__REALTIME_TIMESTAMP) / 1000));
      expect(event?.fields).toMatchObject({
        '@collect.unit': 'ssh.service',
        '@collect.source_type': 'journald',
        '@collect.source_name': 'journal',
        PRIORITY: '6',
        SYSLOG_IDENTIFIER: 'sshd',
        _PID: '812',
        _HOSTNAME: 'web-1',
      });
      expect(event?.fields['@collect.timestamp']).toMatch(/^\d{4}-/);
      expect(output.drops).toEqual({ journal_no_message: 1, excluded_unit: 1, journal_unparsable: 1 });
      // Then it follows: a new entry arrives without a restart.
      writeJournal(entry({ MESSAGE: 'later', _SYSTEMD_UNIT: 'app.service' }));
      await waitFor('the followed entry', () => output.events.length === 4);
    } finally {
      await source.stop();
    }
    const [catchUp, follow] = runs();
    expect(catchUp).toEqual(['--output=json', '--all', '--no-pager', '--quiet']);
    expect(follow).toEqual(['--output=json', '--all', '--no-pager', '--quiet', '--follow', '--no-tail', `--after-cursor=${String(multi.__CURSOR)}`]);
  });

  it('resumes after a restart from the saved cursor, without resending', async () => {
    writeJournal(entry({ MESSAGE: 'one' }), entry({ MESSAGE: 'two' }));
    const before = journaldSource();
    await before.source.start();
    await waitFor('two events', () => before.output.events.length === 2);
    await before.source.stop();
    const cursor = JSON.parse(readFileSync(`${work}/data/checkpoints/journal.json`, 'utf8')) as { cursor: string };
    const three = entry({ MESSAGE: 'three' });
    writeJournal(three);
    const runsBefore = runs().length;
    const after = journaldSource();
    await after.source.start();
    try {
      await waitFor('the new event', () => after.output.events.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(after.output.events.map((event) => event.text)).toEqual(['three']);
      expect(runs()[runsBefore]).toContain(`--after-cursor=${cursor.cursor}`);
    } finally {
      await after.source.stop();
    }
  });

  it('passes includeUnits, currentBootOnly and directory to journalctl', async () => {
    writeJournal(entry({ MESSAGE: 'from sshd', _SYSTEMD_UNIT: 'sshd.service' }), entry({ MESSAGE: 'other', _SYSTEMD_UNIT: 'x.service' }));
    const { source, output } = journaldSource(', includeUnits: [sshd.service, cron], currentBootOnly: true, directory: /srv/journal');
    await source.start();
    try {
      await waitFor('the sshd entry', () => output.events.length === 1);
      expect(runs()[0]).toEqual(['--output=json', '--all', '--no-pager', '--quiet', '--directory=/srv/journal', '--merge', '--boot', '--unit=sshd.service', '--unit=cron']);
      expect(source.describe()).toBe('journal (journald /srv/journal units sshd.service, cron.service, current boot)');
    } finally {
      await source.stop();
    }
  });

  it('restarts journalctl after it exits, from the last cursor, and logs its stderr', async () => {
    process.env.FAKE_JOURNAL_FOLLOW_EXIT = '1';
    process.env.FAKE_JOURNAL_STDERR = 'Failed to open journal directory';
    const last = entry({ MESSAGE: 'before the crash' });
    writeJournal(last);
    const { source, output, logs } = journaldSource();
    await source.start();
    try {
      await waitFor('a restart', () => runs().length >= 3, 5_000);
      expect(logs.text()).toContain('journalctl exited with code 1; restarting it in 1 s');
      expect(logs.text()).toContain('Failed to open journal directory');
      expect(runs()[2]).toContain(`--after-cursor=${String(last.__CURSOR)}`);
      expect(output.events.map((event) => event.text)).toEqual(['before the crash']);
    } finally {
      await source.stop();
    }
  });

  it('says clearly when journalctl is missing', async () => {
    process.env.PATH = work;
    const { source, logs } = journaldSource();
    await source.start();
    try {
      await waitFor('the error', () => logs.text().includes("journalctl was not found: the journald source needs systemd's journalctl on PATH"));
    } finally {
      await source.stop();
    }
  });
});

function realJournalctl(): boolean {
  try {
    execFileSync('journalctl', ['--version'], { env: savedEnv, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(realJournalctl())('journald source with the real journalctl', () => {
  it.each([
    ['the local journal', ''],
    ['an empty journal directory', ', directory: DIR'],
  ])('follows %s without errors and stops cleanly', async (_name, yaml) => {
    process.env = { ...savedEnv };
    const { source, output, logs } = journaldSource(yaml.replace('DIR', work));
    await source.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await source.stop();
    const problems = logs.lines.filter((line) => line.level === 'error' || (line.level === 'warn' && !String(line.stderr ?? '').includes('Hint')));
    expect(problems).toEqual([]);
    // Whatever the journal holds here (often nothing in a container) arrived as events.
    expect(output.events.every((event) => event.fields['@collect.source_type'] === 'journald')).toBe(true);
  });
});
