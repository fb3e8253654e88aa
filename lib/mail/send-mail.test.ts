import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { resetEnv } from "../env";
import { sendMail } from "./send-mail";
import { latestMessageTo, listOutbox } from "./list-outbox";

/** A minimal SMTP server that accepts every message and records what it received. */
async function fakeSmtp(): Promise<{ port: number; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let isData = false;
    let buffer = "";
    let message = "";
    socket.write("220 fake ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) !== -1) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (isData) {
          if (line === ".") {
            isData = false;
            received.push(message);
            message = "";
            socket.write("250 queued\r\n");
          } else message += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250-fake\r\n250 OK\r\n");
        else if (verb === "DATA") {
          isData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

afterEach(() => {
  delete process.env.SMTP_URL;
  resetEnv();
});

describe("sendMail", () => {
  it("keeps the message in the outbox when no SMTP server is configured", async () => {
    const result = await sendMail({ to: "kept@example.com", subject: "Hello", text: "Body https://example.com/x", kind: "notice" });
    expect(result.status).toBe("kept");
    const row = await prisma().outboxMessage.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({ to: "kept@example.com", subject: "Hello", text: "Body https://example.com/x", kind: "notice", status: "kept", sentAt: null });
  });

  it("sends through SMTP when SMTP_URL is set and marks the row sent", async () => {
    const smtp = await fakeSmtp();
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`;
      resetEnv();
      const result = await sendMail({ to: "sent@example.com", subject: "Receipt 42", text: "Thanks for your top-up.", html: "<p>Thanks</p>", kind: "receipt" });
      expect(result.status).toBe("sent");
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toContain("Subject: Receipt 42");
      expect(smtp.received[0]).toContain("Thanks for your top-up.");
      const row = await prisma().outboxMessage.findUniqueOrThrow({ where: { id: result.id } });
      expect(row.status).toBe("sent");
      expect(row.sentAt).toBeInstanceOf(Date);
    } finally {
      await smtp.close();
    }
  });

  it("marks the row failed with a reason that never shows SMTP credentials", async () => {
    const closed = await fakeSmtp();
    await closed.close();
    process.env.SMTP_URL = `smtp://mailer:hunter2secret@127.0.0.1:${closed.port}?connectionTimeout=2000`;
    resetEnv();
    const result = await sendMail({ to: "fail@example.com", subject: "Alert", text: "Low balance", kind: "low_balance" });
    expect(result.status).toBe("failed");
    const row = await prisma().outboxMessage.findUniqueOrThrow({ where: { id: result.id } });
    expect(row.status).toBe("failed");
    expect(row.error).toBeTruthy();
    expect(row.error).not.toContain("hunter2secret");
  });

  it("refuses a malformed recipient or an empty subject and writes nothing", async () => {
    const before = await prisma().outboxMessage.count();
    await expect(sendMail({ to: "not an address", subject: "x", text: "y", kind: "notice" })).rejects.toThrow(/not an e-mail address/);
    await expect(sendMail({ to: "a@example.com", subject: "  ", text: "y", kind: "notice" })).rejects.toThrow(/subject/);
    expect(await prisma().outboxMessage.count()).toBe(before);
  });

  it("lists the outbox newest first, by recipient, a page at a time", async () => {
    for (let i = 0; i < 5; i++) await sendMail({ to: "pages@example.com", subject: `Message ${i}`, text: "…", kind: "notice" });
    const first = await listOutbox({ to: "PAGES@example.com", limit: 3 });
    expect(first.entries.map((entry) => entry.subject)).toEqual(["Message 4", "Message 3", "Message 2"]);
    expect(first.nextCursor).toBe(first.entries[2].id);
    const second = await listOutbox({ to: "pages@example.com", limit: 3, before: first.nextCursor });
    expect(second.entries.map((entry) => entry.subject)).toEqual(["Message 1", "Message 0"]);
    expect(second.nextCursor).toBeNull();
    expect((await latestMessageTo({ to: "pages@example.com" }))?.subject).toBe("Message 4");
  });
});
