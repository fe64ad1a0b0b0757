/**
 * The generated contract, imported from its one home (sdk/src/gen). Everything in the service
 * layer takes the contract's types from here, so a move of the generated code touches one file.
 */
export * from "../../sdk/src/gen/tagroute/v1/deployment_pb.js";
export * from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
export * from "../../sdk/src/gen/tagroute/v1/tag_pb.js";
