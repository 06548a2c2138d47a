import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFailure, describeFailure } from '../../../shared/mail/failure.ts';

// Shaped like nodemailer's errors (lib/smtp-connection _formatError).
const smtpError = (code: string, command: string, responseCode?: number) =>
  Object.assign(new Error(`${responseCode ?? ''} failure`), { code, command, responseCode });

describe('what a failed delivery means', () => {
  it('a 5xx for the recipient or the message is final', () => {
    assert.equal(classifyFailure(smtpError('EENVELOPE', 'RCPT TO', 550)), 'permanent');
    assert.equal(classifyFailure(smtpError('EMESSAGE', 'DATA', 554)), 'permanent');
    assert.equal(classifyFailure(smtpError('EENVELOPE', 'API')), 'permanent');
  });

  it('a 4xx for the recipient or the message is retried a limited number of times', () => {
    assert.equal(classifyFailure(smtpError('EENVELOPE', 'RCPT TO', 450)), 'message');
    assert.equal(classifyFailure(smtpError('EMESSAGE', 'DATA', 451)), 'message');
  });

  it('the server or our settings are retried without limit, even when answered with 5xx', () => {
    assert.equal(classifyFailure(smtpError('ESOCKET', 'CONN')), 'server');
    assert.equal(classifyFailure(smtpError('ETIMEDOUT', 'CONN')), 'server');
    assert.equal(classifyFailure(smtpError('EAUTH', 'AUTH PLAIN', 535)), 'server');
    assert.equal(classifyFailure(smtpError('EENVELOPE', 'MAIL FROM', 553)), 'server');
    assert.equal(classifyFailure(smtpError('EPROTOCOL', 'CONN', 421)), 'server');
    assert.equal(classifyFailure(Object.assign(new Error('disk full'), { code: 'ENOSPC' })), 'server');
    assert.equal(classifyFailure('weird'), 'server');
  });

  it('describes a failure on one line, with its code, within the column size', () => {
    assert.equal(describeFailure(Object.assign(new Error('connect ECONNREFUSED\n 127.0.0.1:25'), { code: 'ESOCKET' })), 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25');
    assert.equal(describeFailure(new Error('x'.repeat(2000))).length, 1000);
  });
});
