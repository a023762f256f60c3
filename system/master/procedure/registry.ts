/** Rebuilds procedures from their store records when a master takes over (ProcedureExecutor.load). */
import type { RegionInfo } from '../../hbase/region-info.ts';
import { CloseRegionProcedure, OpenRegionProcedure, type RemoteProcedureData } from '../assignment/region-remote-procedure.ts';
import { TransitRegionStateProcedure, type TrspData } from '../assignment/transit-region-state-procedure.ts';
import type { MasterProcedureEnv } from '../master-env.ts';
import type { Procedure, ProcedureRecord } from './procedure.ts';
import { ServerCrashProcedure, type ScpData } from './server-crash-procedure.ts';
import { CreateTableProcedure, DisableTableProcedure, EnableTableProcedure, InitMetaProcedure, type CreateTableState, type DisableTableState, type EnableTableState, type InitMetaState } from './table-procedures.ts';

type Factory = (data: never) => Procedure<MasterProcedureEnv>;

const factories: Record<string, Factory> = {
  TransitRegionStateProcedure: (d: TrspData) => TransitRegionStateProcedure.fromData(d),
  OpenRegionProcedure: (d: RemoteProcedureData) => Object.assign(new OpenRegionProcedure(d.region, d.target), { remoteState: d.state, code: d.code, seqNum: d.seqNum }),
  CloseRegionProcedure: (d: RemoteProcedureData) =>
    Object.assign(new CloseRegionProcedure(d.region, d.target, d.destination ?? null), { remoteState: d.state, code: d.code, seqNum: d.seqNum }),
  ServerCrashProcedure: (d: ScpData) => ServerCrashProcedure.fromData(d),
  CreateTableProcedure: (d: { table: string; regions: RegionInfo[]; step: CreateTableState }) => new CreateTableProcedure(d.table, d.regions, d.step),
  DisableTableProcedure: (d: { table: string; step: DisableTableState }) => new DisableTableProcedure(d.table, d.step),
  EnableTableProcedure: (d: { table: string; step: EnableTableState }) => new EnableTableProcedure(d.table, d.step),
  InitMetaProcedure: (d: { step: InitMetaState }) => Object.assign(new InitMetaProcedure(), { step: d.step }),
};

export function deserializeProcedure(record: ProcedureRecord): Procedure<MasterProcedureEnv> {
  const factory = factories[record.type];
  if (factory === undefined) throw new Error(`procedure store holds an unknown procedure type ${record.type} (pid=${record.procId})`);
  return factory(record.data as never);
}

