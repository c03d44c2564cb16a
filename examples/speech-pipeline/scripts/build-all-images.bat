@echo off
REM Builds every image in the order the bases need: base:cpu, base:cuda, base-ml:cuda, then the stages.
setlocal
cd /d "%~dp0\.."
set DOCKER_BUILDKIT=1

echo ==^> bases
docker build -t rajiup/cp-whisperx-app-base:cpu -f docker/base/Dockerfile . || exit /b 1
docker build -t rajiup/cp-whisperx-app-base:cuda -f docker/base-cuda/Dockerfile . || exit /b 1
docker build -t rajiup/cp-whisperx-app-base-ml:cuda -f docker/base-ml/Dockerfile . || exit /b 1

echo ==^> CPU stages
for %%S in (demux tmdb subtitle-gen) do (
  docker build -t rajiup/cp-whisperx-app-%%S:cpu -f docker/%%S/Dockerfile . || exit /b 1
)

echo ==^> GPU stages
for %%S in (asr diarization vad) do (
  docker build -t rajiup/cp-whisperx-app-%%S:cuda -f docker/%%S/Dockerfile . || exit /b 1
)

docker images | findstr cp-whisperx-app
endlocal
