// Calls of the witnessing pages (术前谈话见证): templates, records, acknowledgements, signatures,
// attachments, corrections and the public verification (src/modules/witnessing/README.md).
import { api, request, type Schemas } from '../../api/client';

export type WitnessRecord = Schemas['WitnessRecord'];
export type WitnessTemplates = Schemas['WitnessTemplates'];
export type WitnessVerification = Schemas['WitnessVerification'];
export type NewWitnessRecord = Schemas['NewWitnessRecord'];

const path = (id: number) => ({ params: { path: { id } } });

export const listTemplates = () => request(api.GET('/api/v1/witness-templates'));
export const listRecords = (cursor?: string) =>
  request(api.GET('/api/v1/witness-records', { params: { query: { cursor, limit: 100 } } }));
export const getRecord = (id: number) => request(api.GET('/api/v1/witness-records/{id}', path(id)));
export const createRecord = (body: NewWitnessRecord) => request(api.POST('/api/v1/witness-records', { body }));
export const updateRecord = (id: number, body: Schemas['WitnessContent']) =>
  request(api.PUT('/api/v1/witness-records/{id}', { ...path(id), body }));
export const acknowledgeRisk = (id: number, risk_key: string) =>
  request(api.POST('/api/v1/witness-records/{id}/acknowledgements', { ...path(id), body: { risk_key } }));
export const signRecord = (id: number, signature_text: string) =>
  request(api.POST('/api/v1/witness-records/{id}/signatures', { ...path(id), body: { signature_text } }));
export const correctRecord = (id: number) => request(api.POST('/api/v1/witness-records/{id}/corrections', path(id)));
export const uploadAttachment = (id: number, file: File) =>
  request(
    api.POST('/api/v1/witness-records/{id}/attachments', {
      params: { path: { id }, query: { file_name: file.name } },
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    }),
  );
export const buyCover = (id: number) => request(api.POST('/api/v1/witness-records/{id}/surgical-cover', path(id)));
export const certificateUrl = (id: number) => `/api/v1/witness-records/${id}/certificate.pdf`;
export const verifyRecord = (publicId: string) =>
  request(api.GET('/api/v1/witness-verifications/{public_id}', { params: { path: { public_id: publicId } } }), {
    redirectOn401: false,
  });
