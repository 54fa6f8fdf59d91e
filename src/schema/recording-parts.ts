import type {
  Caller,
  RecordingLayerDownload,
  StartReason,
  StopReason,
  StorageConfig,
} from '../domain/model.js';
import { builder } from './builder.js';
import {
  CallerTypeEnum,
  StartReasonKindEnum,
  StopReasonKindEnum,
  StorageAuthMethodEnum,
  StorageTypeEnum,
} from './enums.js';

/** The small value types a Recording is made of. */

export const CallerRef = builder.objectRef<Caller>('Caller');
CallerRef.implement({
  description: 'Who started or stopped a recording.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Display name of the caller.' }),
    type: t.expose('type', {
      type: CallerTypeEnum,
      nullable: true,
      description: 'The app itself (`ORGANIZATION`) or a participant (`USER`).',
    }),
    userId: t.exposeID('userId', {
      nullable: true,
      description: 'RealtimeKit user id of the caller, when a user.',
    }),
  }),
});

export const StartReasonRef = builder.objectRef<StartReason>('StartReason');
StartReasonRef.implement({
  description: 'Why and by whom a recording was started.',
  fields: (t) => ({
    reason: t.expose('reason', {
      type: StartReasonKindEnum,
      nullable: true,
      description: 'The API, or the meeting’s record-on-start setting.',
    }),
    caller: t.expose('caller', {
      type: CallerRef,
      nullable: true,
      description: 'Who started it; absent for record-on-start.',
    }),
  }),
});

export const StopReasonRef = builder.objectRef<StopReason>('StopReason');
StopReasonRef.implement({
  description: 'Why and by whom a recording was stopped.',
  fields: (t) => ({
    reason: t.expose('reason', {
      type: StopReasonKindEnum,
      nullable: true,
      description: 'The API, an internal error, or every participant leaving.',
    }),
    caller: t.expose('caller', {
      type: CallerRef,
      nullable: true,
      description: 'Who stopped it, when someone did.',
    }),
  }),
});

export const StorageConfigRef = builder.objectRef<StorageConfig>('StorageConfig');
StorageConfigRef.implement({
  description:
    'Where the recording is uploaded. Credentials (access key, secret, password, private key) are write-only and never returned.',
  fields: (t) => ({
    type: t.expose('type', { type: StorageTypeEnum, description: 'Kind of storage.' }),
    authMethod: t.expose('authMethod', {
      type: StorageAuthMethodEnum,
      nullable: true,
      description: 'SFTP authentication method.',
    }),
    bucket: t.exposeString('bucket', { nullable: true, description: 'Bucket name.' }),
    host: t.exposeString('host', { nullable: true, description: 'SFTP host.' }),
    path: t.exposeString('path', {
      nullable: true,
      description: 'Path under the bucket root (or SFTP home) where files are placed.',
    }),
    port: t.exposeInt('port', { nullable: true, description: 'SFTP port.' }),
    region: t.exposeString('region', { nullable: true, description: 'Bucket region.' }),
    username: t.exposeString('username', { nullable: true, description: 'SFTP user name.' }),
  }),
});

export const RecordingLayerDownloadRef =
  builder.objectRef<RecordingLayerDownload>('RecordingLayerDownload');
RecordingLayerDownloadRef.implement({
  description:
    'One file of a track recording. RealtimeKit returns track recordings’ downloads as a list of layers rather than one URL.',
  fields: (t) => ({
    layer: t.exposeString('layer', { nullable: true, description: 'Layer name.' }),
    url: t.exposeString('url', { nullable: true, description: 'Download URL of this file.' }),
    mediaKind: t.exposeString('mediaKind', {
      nullable: true,
      description: 'Media kind, upper-cased (e.g. `AUDIO`).',
    }),
    fileName: t.exposeString('fileName', { nullable: true, description: 'File name.' }),
  }),
});
