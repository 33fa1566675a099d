{{- define "app-service.name" -}}{{ .Release.Name }}{{- end -}}
{{- define "app-service.labels" -}}
app.kubernetes.io/name: {{ .Release.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
{{- define "app-service.selector" -}}
app.kubernetes.io/name: {{ .Release.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "app-service.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
periodSeconds: 10
timeoutSeconds: 3
failureThreshold: 3
{{- end -}}
