# Build stage: publish the hesione executable.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in a layer of its own, from the project files and build settings only: it is redone only when they change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Hesione.PromQL/Hesione.PromQL.csproj Hesione.PromQL/
COPY Hesione.Server/Hesione.Server.csproj Hesione.Server/
RUN dotnet restore Hesione.Server/Hesione.Server.csproj
COPY Hesione.PromQL/ Hesione.PromQL/
COPY Hesione.Server/ Hesione.Server/
RUN dotnet publish Hesione.Server -c Release --no-restore -o /out

# Runtime stage: ASP.NET runtime, non-root, with a health check.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
COPY config.yml /etc/hesione/config.yml
USER app
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["dotnet", "hesione.dll", "healthcheck", "--url", "http://127.0.0.1:8000/-/healthy"]
ENTRYPOINT ["dotnet", "hesione.dll"]
CMD ["serve", "--config", "/etc/hesione/config.yml", "--listen", "0.0.0.0:8000"]
