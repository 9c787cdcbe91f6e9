/**
 * The gRPC runtime and generated stubs the offline engine talks through: the very modules @pulumi/pulumi uses (so a
 * message built here is an instance of the class the SDK checks against), loaded from its own install.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from "node:path";

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (m: string) => require(require.resolve(m, { paths: [sdk] }));

export const grpc: typeof import("@grpc/grpc-js") = fromSdk("@grpc/grpc-js");
export const resproto: any = require("@pulumi/pulumi/proto/resource_pb");
export const resrpc: any = require("@pulumi/pulumi/proto/resource_grpc_pb");
export const engproto: any = require("@pulumi/pulumi/proto/engine_pb");
export const engrpc: any = require("@pulumi/pulumi/proto/engine_grpc_pb");
export const analyzerproto: any = require("@pulumi/pulumi/proto/analyzer_pb");
export const analyzerrpc: any = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const structproto: any = fromSdk("google-protobuf/google/protobuf/struct_pb");
export const emptyproto: any = fromSdk("google-protobuf/google/protobuf/empty_pb");

/** The wire's special values (runtime/rpc.ts): the sentinel of an unknown and the signatures of special objects. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A Struct message from a plain JSON-able object. */
export function toStruct(value: Record<string, unknown>): any {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})));
}

/** Rejects after `ms` with a message naming `what`, so a hung RPC or child fails fast and says where. */
export function timeBoxed<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`offline engine: ${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
